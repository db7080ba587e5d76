import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

export const ROOM_KINDS = ['room', 'channel'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/**
 * Where a session happens: a physical room (in a venue, in a city, with a capacity) or an online
 * channel (on a platform, with a stream link). The stream link is a secret: only confirmed
 * registrants get it, through `GET /sessions/:id/stream`.
 */
@Entity({ name: 'rooms' })
@Check('rooms_capacity_check', `(capacity >= 0)`)
@ForeignKey('events', ['eventId'], ['id'], { name: 'rooms_event_id_fkey', onDelete: 'CASCADE' })
@Unique('rooms_event_id_id_key', ['eventId', 'id'])
@Check('rooms_kind_check', `(kind = ANY (ARRAY['room', 'channel']))`)
@Unique('rooms_kind_id_key', ['eventId', 'kind', 'id'])
export class RoomEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  kind: RoomKind;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  /** Rooms: the venue (e.g. Shandong International Convention and Exhibition Center). */
  @Column({ type: 'text', nullable: true })
  venue: string | null;

  /** Rooms: the city of the venue (an edition may use venues in several cities). */
  @Column({ type: 'text', nullable: true })
  city: string | null;

  /** Rooms: seats. */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  /** Channels: e.g. "CSCO Live", "WeChat Channels". */
  @Column({ type: 'text', nullable: true })
  platform: string | null;

  /** Channels: the stream link. Never in a public response, the programme or an export. */
  @Column({ name: 'stream_url', type: 'text', nullable: true })
  streamUrl: string | null;

  @Column({ name: 'display_order', type: 'int', default: 0 })
  displayOrder: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
