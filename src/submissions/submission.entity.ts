import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

/** A talk or abstract submitted to an edition, through its states (submission-state.ts). */
@Entity({ name: 'submissions' })
@ForeignKey('users', ['createdBy'], ['id'], { name: 'submissions_created_by_fkey' })
@ForeignKey('users', ['decidedBy'], ['id'], { name: 'submissions_decided_by_fkey', onDelete: 'SET NULL' })
@ForeignKey('events', ['eventId'], ['id'], { name: 'submissions_event_id_fkey', onDelete: 'CASCADE' })
@Unique('submissions_event_id_id_key', ['eventId', 'id'])
@Check('submissions_language_check', `(language = ANY (ARRAY['en', 'zh']))`)
@Check('submissions_presentation_check', `(presentation = ANY (ARRAY['oral', 'poster']))`)
@Check('submissions_requested_minutes_check', `((requested_minutes >= 1) AND (requested_minutes <= 240))`)
@Check('submissions_scheduled_check', `((scheduled_at IS NULL) OR (status = ANY (ARRAY['accepted', 'confirmed'])))`)
@Check('submissions_status_check', `(status = ANY (ARRAY['draft', 'submitted', 'accepted', 'rejected', 'confirmed', 'withdrawn']))`)
@ForeignKey('tracks', ['eventId', 'trackId'], ['eventId', 'id'], { name: 'submissions_track_fkey' })
@Check('submissions_type_check', `(type = ANY (ARRAY['talk', 'oral_abstract', 'poster_abstract', 'young_physician_talk', 'lecture', 'late_breaking_abstract']))`)
@Index('submissions_event_status_idx', ['eventId', 'status'])
export class SubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'track_id', type: 'uuid', nullable: true })
  trackId: string | null;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb' })
  abstract: LocalizedText;

  @Column({ type: 'jsonb', default: '[]' })
  keywords: unknown;

  @Column({ name: 'requested_minutes', type: 'int' })
  requestedMinutes: number;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text', default: 'draft' })
  status: string;

  @Column({ type: 'text', nullable: true })
  presentation: string | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'scheduled_at', type: 'timestamptz', nullable: true })
  scheduledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
