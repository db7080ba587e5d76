import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A reviewer's scores of a submission; one per reviewer and submission. */
@Entity({ name: 'reviews' })
@Check('reviews_overall_check', `((overall >= (1)) AND (overall <= (5)))`)
@ForeignKey('users', ['reviewerId'], ['id'], { name: 'reviews_reviewer_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('submissions', ['eventId', 'submissionId'], ['eventId', 'id'], { name: 'reviews_submission_fkey', onDelete: 'CASCADE' })
@Unique('reviews_submission_reviewer_key', ['eventId', 'submissionId', 'reviewerId'])
export class ReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId: string;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId: string;

  @Column({ type: 'jsonb' })
  scores: unknown;

  @Column({ type: 'numeric', precision: 4, scale: 3 })
  overall: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
