import { Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** A juror of an award (scores its nominees; never their own or a co-author's work). */
@Entity({ name: 'award_jurors' })
@ForeignKey('awards', ['eventId', 'awardId'], ['eventId', 'id'], { name: 'award_jurors_award_fkey', onDelete: 'CASCADE' })
@ForeignKey('users', ['userId'], ['id'], { name: 'award_jurors_user_id_fkey', onDelete: 'CASCADE' })
export class AwardJurorEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ name: 'award_id', type: 'uuid' })
  awardId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;
}
