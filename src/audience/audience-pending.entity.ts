import { Entity, Column, PrimaryColumn } from 'typeorm';

/**
 * Without Redis: the minute in progress, one row per registrant and minute (a repeated beat in the
 * same minute changes nothing), until the flush folds closed minutes into audience_minutes and
 * audience_watch and deletes them. No foreign keys: it is a staging area on the hot path.
 */
@Entity({ name: 'audience_pending' })
export class AudiencePendingEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'audience_pending_pkey' })
  eventId: string;

  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'audience_pending_pkey' })
  sessionId: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'audience_pending_pkey' })
  minute: Date;

  @PrimaryColumn({ name: 'registration_id', type: 'uuid', primaryKeyConstraintName: 'audience_pending_pkey' })
  registrationId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;
}
