import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

/** A track of an edition (a disease track such as Leukemia, Drug Innovation, Young Physicians). */
@Entity({ name: 'tracks' })
@Check('tracks_code_check', `(code ~ '^[A-Za-z0-9_-]{1,16}$')`)
@Check('tracks_colour_check', `(colour ~ '^#[0-9a-fA-F]{6}$')`)
@Unique('tracks_event_code_key', ['eventId', 'code'])
@ForeignKey('events', ['eventId'], ['id'], { name: 'tracks_event_id_fkey', onDelete: 'CASCADE' })
@Unique('tracks_event_id_id_key', ['eventId', 'id'])
export class TrackEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  /** Short code, unique in the edition (e.g. `LEU`). */
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  /** `#rrggbb` */
  @Column({ type: 'text', nullable: true })
  colour: string | null;

  /** The expert committee that owns the track (e.g. the Leukemia Expert Committee). */
  @Column({ type: 'jsonb', nullable: true })
  committee: LocalizedText | null;

  @Column({ type: 'jsonb', nullable: true })
  description: LocalizedText | null;

  @Column({ name: 'display_order', type: 'int', default: 0 })
  displayOrder: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
