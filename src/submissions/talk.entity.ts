import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A placed submission: one talk per segment and per submission, timed inside its segment. */
@Entity({ name: 'talks' })
@Unique('talks_frab_id_key', ['eventId', 'frabId'])
@ForeignKey('session_segments', ['eventId', 'segmentId'], ['eventId', 'id'], { name: 'talks_segment_fkey', onDelete: 'CASCADE' })
@Unique('talks_segment_key', ['eventId', 'segmentId'])
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'talks_session_fkey', onDelete: 'CASCADE' })
@ForeignKey('submissions', ['eventId', 'submissionId'], ['eventId', 'id'], { name: 'talks_submission_fkey' })
@Unique('talks_submission_key', ['eventId', 'submissionId'])
@Check('talks_time_check', `(ends_at > starts_at)`)
@Index('talks_session_idx', ['eventId', 'sessionId'])
export class TalkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'segment_id', type: 'uuid' })
  segmentId: string;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'frab_id', type: 'int', default: () => `nextval('frab_event_ids')`, insert: false, update: false })
  frabId: number;
}
