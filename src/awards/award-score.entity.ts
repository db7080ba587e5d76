import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A juror's score (1–10) of a nominee; one per juror and nominee. */
@Entity({ name: 'award_scores' })
@ForeignKey('users', ['jurorId'], ['id'], { name: 'award_scores_juror_id_fkey', onDelete: 'CASCADE' })
@Unique('award_scores_juror_key', ['eventId', 'nomineeId', 'jurorId'])
@ForeignKey('award_nominees', ['eventId', 'nomineeId'], ['eventId', 'id'], { name: 'award_scores_nominee_fkey', onDelete: 'CASCADE' })
@Check('award_scores_score_check', `((score >= (1)) AND (score <= (10)))`)
export class AwardScoreEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'nominee_id', type: 'uuid' })
  nomineeId: string;

  @Column({ name: 'juror_id', type: 'uuid' })
  jurorId: string;

  @Column({ type: 'numeric', precision: 4, scale: 2 })
  score: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
