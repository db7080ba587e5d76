import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const REGISTRATION_MODES = ['in_person', 'online'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** An attendee's registration for an edition, in person or online. */
@Entity({ name: 'registrations' })
@ForeignKey('registration_capacities', ['eventId', 'mode'], ['eventId', 'mode'], { name: 'registrations_capacity_fkey' })
@Check('registrations_check_in_check', `((checked_in_at IS NULL) OR (status <> 'waitlisted'))`)
@ForeignKey('users', ['checkedInBy'], ['id'], { name: 'registrations_checked_in_by_fkey', onDelete: 'SET NULL' })
@ForeignKey('events', ['eventId'], ['id'], { name: 'registrations_event_id_fkey', onDelete: 'CASCADE' })
@Unique('registrations_event_id_id_key', ['eventId', 'id'])
@Check('registrations_mode_check', `(mode = ANY (ARRAY['in_person', 'online']))`)
@Check('registrations_position_check', `((status = 'waitlisted') = (waitlist_position IS NOT NULL))`)
@Unique('registrations_position_key', ['eventId', 'mode', 'waitlistPosition'], { deferrable: 'INITIALLY IMMEDIATE' })
@Check('registrations_status_check', `(status = ANY (ARRAY['confirmed', 'waitlisted', 'cancelled']))`)
@Unique('registrations_ticket_key', ['eventId', 'ticketToken'])
@ForeignKey('users', ['userId'], ['id'], { name: 'registrations_user_id_fkey', onDelete: 'CASCADE' })
@Check('registrations_waitlist_position_check', `(waitlist_position >= 1)`)
@Index('registrations_active_key', ['eventId', 'userId'], { unique: true, where: `(status <> 'cancelled'::text)` })
@Index('registrations_event_status_idx', ['eventId', 'mode', 'status'])
@Index('registrations_user_idx', ['userId'])
export class RegistrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  mode: RegistrationMode;

  @Column({ type: 'text' })
  status: RegistrationStatus;

  @Column({ name: 'waitlist_position', type: 'int', nullable: true })
  waitlistPosition: number | null;

  /** The check-in token (32 random bytes, base64url); shown only to the registrant while confirmed. */
  @Column({ name: 'ticket_token', type: 'text' })
  ticketToken: string;

  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt: Date | null;

  @Column({ name: 'checked_in_by', type: 'uuid', nullable: true })
  checkedInBy: string | null;

  @Column({ name: 'promoted_at', type: 'timestamptz', nullable: true })
  promotedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
