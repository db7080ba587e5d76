import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A nominee of an award: a submission or a speaker (exactly one of them). */
@Entity({ name: 'award_nominees' })
@ForeignKey('awards', ['eventId', 'awardId'], ['eventId', 'id'], { name: 'award_nominees_award_fkey', onDelete: 'CASCADE' })
@Unique('award_nominees_event_id_id_key', ['eventId', 'id'])
@Check('award_nominees_one_check', `((submission_id IS NULL) <> (speaker_id IS NULL))`)
@ForeignKey('speakers', ['speakerId'], ['id'], { name: 'award_nominees_speaker_id_fkey', onDelete: 'CASCADE' })
@Unique('award_nominees_speaker_key', ['eventId', 'awardId', 'speakerId'])
@ForeignKey('submissions', ['eventId', 'submissionId'], ['eventId', 'id'], { name: 'award_nominees_submission_fkey', onDelete: 'CASCADE' })
@Unique('award_nominees_submission_key', ['eventId', 'awardId', 'submissionId'])
export class AwardNomineeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'award_id', type: 'uuid' })
  awardId: string;

  @Column({ name: 'submission_id', type: 'uuid', nullable: true })
  submissionId: string | null;

  @Column({ name: 'speaker_id', type: 'uuid', nullable: true })
  speakerId: string | null;

  @Column({ type: 'boolean', default: false })
  winner: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
