import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const REGISTRATION_MODES = ['in_person', 'online'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** An attendee's registration for an edition, in person or online. */
@Entity({ name: 'registrations' })
export class RegistrationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) mode: RegistrationMode;
  @Column({ type: 'text' }) status: RegistrationStatus;
  @Column({ name: 'waitlist_position', type: 'integer', nullable: true }) waitlistPosition: number | null;
  /** The check-in token (32 random bytes, base64url); shown only to the registrant while confirmed. */
  @Column({ name: 'ticket_token', type: 'text' }) ticketToken: string;
  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true }) checkedInAt: Date | null;
  @Column({ name: 'checked_in_by', type: 'uuid', nullable: true }) checkedInBy: string | null;
  @Column({ name: 'promoted_at', type: 'timestamptz', nullable: true }) promotedAt: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Seats per edition and mode: the row whose one-statement update decides every registration. */
@Entity({ name: 'registration_capacities' })
export class RegistrationCapacityEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @PrimaryColumn({ type: 'text' }) mode: RegistrationMode;
  @Column({ type: 'integer', nullable: true }) capacity: number | null;
  @Column({ type: 'integer' }) confirmed: number;
  @Column({ type: 'integer' }) waitlisted: number;
}

/** A remembered Idempotency-Key and the first response given for it. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) scope: string;
  @Column({ type: 'text' }) key: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash: string;
  @Column({ name: 'response_status', type: 'integer', nullable: true }) responseStatus: number | null;
  @Column({ name: 'response_body', type: 'text', nullable: true }) responseBody: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
}

/** A seat in (or a place on the waiting list of) a session with a seat limit. */
@Entity({ name: 'session_seats' })
export class SessionSeatEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId: string;
  @Column({ name: 'registration_id', type: 'uuid' }) registrationId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) status: 'reserved' | 'waitlisted';
  @Column({ name: 'waitlist_position', type: 'integer', nullable: true }) waitlistPosition: number | null;
  @Column({ name: 'promoted_at', type: 'timestamptz', nullable: true }) promotedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A session in someone's personal agenda. */
@Entity({ name: 'agenda_items' })
export class AgendaItemEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ name: 'session_id', type: 'uuid' }) sessionId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** The secret of a user's agenda feed (only its SHA-256 is stored). */
@Entity({ name: 'agenda_feed_tokens' })
export class AgendaFeedTokenEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
