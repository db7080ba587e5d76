import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * The seat counters of a session with a seat limit (or with seats held): the row whose one-statement
 * updates decide every reservation, and the lock every writer of the session's seats takes first.
 * Owned by registrations; the programme's `sessions` rows never change for a seat.
 */
@Entity({ name: 'session_seat_counters' })
@Check('session_seat_counters_limit_check', `seat_limit >= 0`)
@Check('session_seat_counters_reserved_check', `reserved >= 0`)
@Check('session_seat_counters_waitlisted_check', `waitlisted >= 0`)
@Check('session_seat_counters_within_limit', `seat_limit IS NULL OR reserved <= seat_limit`)
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'session_seat_counters_session_fkey', onDelete: 'CASCADE' })
export class SessionSeatCounterEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'session_seat_counters_pkey' })
  eventId: string;

  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'session_seat_counters_pkey' })
  sessionId: string;

  @Column({ name: 'seat_limit', type: 'int', nullable: true })
  seatLimit: number | null;

  @Column({ type: 'int', default: 0 })
  reserved: number;

  @Column({ type: 'int', default: 0 })
  waitlisted: number;
}
