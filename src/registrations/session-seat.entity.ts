import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A seat in (or a place on the waiting list of) a session with a seat limit. */
@Entity({ name: 'session_seats' })
@Check('session_seats_position_check', `((status = 'waitlisted') = (waitlist_position IS NOT NULL))`)
@Unique('session_seats_position_key', ['eventId', 'sessionId', 'waitlistPosition'], { deferrable: 'INITIALLY IMMEDIATE' })
@ForeignKey('registrations', ['eventId', 'registrationId'], ['eventId', 'id'], { name: 'session_seats_registration_fkey', onDelete: 'CASCADE' })
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'session_seats_session_fkey', onDelete: 'CASCADE' })
@Check('session_seats_status_check', `(status = ANY (ARRAY['reserved', 'waitlisted']))`)
@ForeignKey('users', ['userId'], ['id'], { name: 'session_seats_user_id_fkey', onDelete: 'CASCADE' })
@Unique('session_seats_user_key', ['eventId', 'sessionId', 'userId'])
@Check('session_seats_waitlist_position_check', `(waitlist_position >= 1)`)
@Index('session_seats_registration_idx', ['eventId', 'registrationId'])
export class SessionSeatEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  status: 'reserved' | 'waitlisted';

  @Column({ name: 'waitlist_position', type: 'int', nullable: true })
  waitlistPosition: number | null;

  @Column({ name: 'promoted_at', type: 'timestamptz', nullable: true })
  promotedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
