import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A claimed attendance of a session (by the rotating code, or a ticket scan by staff); once per person and session. */
@Entity({ name: 'cme_attendance' })
@Check('cme_attendance_method_check', `(method = ANY (ARRAY['code', 'ticket']))`)
@Unique('cme_attendance_once_key', ['eventId', 'sessionId', 'userId'])
@ForeignKey('users', ['recordedBy'], ['id'], { name: 'cme_attendance_recorded_by_fkey' })
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'cme_attendance_session_fkey', onDelete: 'CASCADE' })
@ForeignKey('users', ['userId'], ['id'], { name: 'cme_attendance_user_id_fkey', onDelete: 'CASCADE' })
@Index('cme_attendance_user_idx', ['eventId', 'userId'])
export class CmeAttendanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  method: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'claimed_at', type: 'timestamptz' })
  claimedAt: Date;
}
