import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

/** An award category of an edition; winners are public from the ceremony (its session, or announceAt). */
@Entity({ name: 'awards' })
@ForeignKey('sessions', ['eventId', 'ceremonySessionId'], ['eventId', 'id'], { name: 'awards_ceremony_fkey', onDelete: 'SET NULL' })
@ForeignKey('events', ['eventId'], ['id'], { name: 'awards_event_id_fkey', onDelete: 'CASCADE' })
@Unique('awards_event_id_id_key', ['eventId', 'id'])
@Check('awards_kind_check', `(kind = ANY (ARRAY['young_investigator_talk', 'poster', 'achievement', 'other']))`)
export class AwardEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  @Column({ type: 'jsonb', nullable: true })
  description: LocalizedText | null;

  @Column({ name: 'ceremony_session_id', type: 'uuid', nullable: true })
  ceremonySessionId: string | null;

  @Column({ name: 'announce_at', type: 'timestamptz', nullable: true })
  announceAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
