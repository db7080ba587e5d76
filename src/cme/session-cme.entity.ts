import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A session's CME credit hours (quarter hours) and its current attendance code. */
@Entity({ name: 'session_cme' })
@Check('session_cme_credit_hours_check', `((credit_hours >= (0)) AND ((credit_hours * (4)) = floor((credit_hours * (4)))))`)
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'session_cme_session_fkey', onDelete: 'CASCADE' })
export class SessionCmeEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'credit_hours', type: 'numeric', precision: 5, scale: 2, nullable: true })
  creditHours: string | null;

  @Column({ name: 'attendance_code', type: 'text' })
  attendanceCode: string;

  @Column({ name: 'code_rotated_at', type: 'timestamptz', default: () => `now()` })
  codeRotatedAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
