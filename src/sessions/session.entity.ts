import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SessionFormat, SessionKind } from './session-vocabulary.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';


/**
 * A session of the programme. In person needs a room, online a channel, hybrid both (a CHECK).
 * The database refuses two sessions in one room or channel at overlapping times (exclusion
 * constraints `sessions_room_no_overlap`, `sessions_channel_no_overlap`).
 */
@Entity({ name: 'sessions' })
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
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** Positive integer id for the frab schedule export, from the sequence `frab_event_ids` (set by the database, never changed). */
  @Column({ name: 'frab_id', type: 'integer', insert: false, update: false })
  frabId: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
