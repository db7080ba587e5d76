import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** A closed minute of a session: how many registrants watched in it (the concurrent viewers). Written once per minute by the flush. */
@Entity({ name: 'audience_minutes' })
@Check('audience_minutes_viewers_check', `viewers > 0`)
@Check('audience_minutes_minute_check', `date_trunc('minute', minute) = minute`)
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'audience_minutes_session_fkey', onDelete: 'CASCADE' })
export class AudienceMinuteEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'audience_minutes_pkey' })
  eventId: string;

  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'audience_minutes_pkey' })
  sessionId: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'audience_minutes_pkey' })
  minute: Date;

  @Column({ type: 'int' })
  viewers: number;
}
