import { Check, Column, CreateDateColumn, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { SessionFormat, SessionKind } from './session-vocabulary.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';

/**
 * A session of the programme. In person needs a room, online a channel, hybrid both (a CHECK).
 * The database refuses two sessions in one room or channel at overlapping times (exclusion
 * constraints `sessions_room_no_overlap`, `sessions_channel_no_overlap`).
 */
@Entity({ name: 'sessions' })
@ForeignKey('rooms', ['eventId', 'channelKind', 'channelId'], ['eventId', 'kind', 'id'], { name: 'sessions_channel_fkey' })
@Check('sessions_channel_kind_check', `(channel_kind = 'channel')`)
@Exclusion('sessions_channel_no_overlap', `USING gist (event_id WITH =, channel_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE ((channel_id IS NOT NULL))`)
@ForeignKey('events', ['eventId'], ['id'], { name: 'sessions_event_id_fkey', onDelete: 'CASCADE' })
@Unique('sessions_event_id_id_key', ['eventId', 'id'])
@Check('sessions_format_check', `(format = ANY (ARRAY['in_person', 'online', 'hybrid']))`)
@Check('sessions_format_place_check', `(((format = 'in_person') AND (room_id IS NOT NULL) AND (channel_id IS NULL)) OR ((format = 'online') AND (channel_id IS NOT NULL) AND (room_id IS NULL)) OR ((format = 'hybrid') AND (room_id IS NOT NULL) AND (channel_id IS NOT NULL)))`)
@Unique('sessions_frab_id_key', ['eventId', 'frabId'])
@Check('sessions_kind_check', `(kind = ANY (ARRAY['plenary', 'lecture', 'oral_abstracts', 'poster', 'forum', 'young_physician', 'guideline_release', 'regulatory', 'ceremony', 'satellite_symposium', 'panel', 'break']))`)
@ForeignKey('rooms', ['eventId', 'roomKind', 'roomId'], ['eventId', 'kind', 'id'], { name: 'sessions_room_fkey' })
@Check('sessions_room_kind_check', `(room_kind = 'room')`)
@Exclusion('sessions_room_no_overlap', `USING gist (event_id WITH =, room_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE ((room_id IS NOT NULL))`)
@Check('sessions_time_check', `(ends_at > starts_at)`)
@ForeignKey('tracks', ['eventId', 'trackId'], ['eventId', 'id'], { name: 'sessions_track_fkey' })
@Index('sessions_event_starts_idx', ['eventId', 'startsAt'])
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'track_id', type: 'uuid', nullable: true })
  trackId: string | null;

  @Column({ type: 'text' })
  kind: SessionKind;

  @Column({ type: 'text' })
  format: SessionFormat;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb', nullable: true })
  description: LocalizedText | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** The physical room (in person and hybrid). */
  @Column({ name: 'room_id', type: 'uuid', nullable: true })
  roomId: string | null;

  /** The online channel (online and hybrid). */
  @Column({ name: 'channel_id', type: 'uuid', nullable: true })
  channelId: string | null;

  /** Rises with every change of time or place (iCal SEQUENCE). */
  @Column({ type: 'int', default: 0 })
  sequence: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Positive integer id for the frab schedule export, from the sequence `frab_event_ids` (set by the database, never changed). */
  @Column({ name: 'frab_id', type: 'int', default: () => `nextval('frab_event_ids')`, insert: false, update: false })
  frabId: number;

  @Column({ name: 'room_kind', type: 'text', default: 'room' })
  roomKind: string;

  @Column({ name: 'channel_kind', type: 'text', default: 'channel' })
  channelKind: string;
}
