import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A registrant's verified watch time of one session, in whole minutes with a heartbeat (personal data: kept AUDIENCE_RETENTION_DAYS). */
@Entity({ name: 'audience_watch' })
@Check('audience_watch_minutes_check', `minutes > 0`)
@Check('audience_watch_span_check', `first_minute <= last_minute`)
@Index('audience_watch_user_idx', ['eventId', 'userId'])
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'audience_watch_session_fkey', onDelete: 'CASCADE' })
@ForeignKey('registrations', ['eventId', 'registrationId'], ['eventId', 'id'], { name: 'audience_watch_registration_fkey', onDelete: 'CASCADE' })
export class AudienceWatchEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'audience_watch_pkey' })
  eventId: string;

  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'audience_watch_pkey' })
  sessionId: string;

  @PrimaryColumn({ name: 'registration_id', type: 'uuid', primaryKeyConstraintName: 'audience_watch_pkey' })
  registrationId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'int' })
  minutes: number;

  @Column({ name: 'first_minute', type: 'timestamptz' })
  firstMinute: Date;

  @Column({ name: 'last_minute', type: 'timestamptz' })
  lastMinute: Date;
}
