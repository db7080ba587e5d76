import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A speaker of a submission, by account or by invited email (lower case). */
@Entity({ name: 'submission_speakers' })
@Check('submission_speakers_email_check', `(email = lower(email))`)
@Unique('submission_speakers_email_key', ['eventId', 'submissionId', 'email'])
@ForeignKey('submissions', ['eventId', 'submissionId'], ['eventId', 'id'], { name: 'submission_speakers_submission_fkey', onDelete: 'CASCADE' })
@ForeignKey('users', ['userId'], ['id'], { name: 'submission_speakers_user_id_fkey', onDelete: 'SET NULL' })
@Index('submission_speakers_email_idx', ['email'])
@Index('submission_speakers_user_idx', ['userId'])
export class SubmissionSpeakerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'is_primary', type: 'boolean', default: false })
  isPrimary: boolean;

  @Column({ type: 'int' })
  position: number;
}
