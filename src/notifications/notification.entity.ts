import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * The notification outbox: a message is written in the same transaction as the state change it
 * reports, and a worker delivers it afterwards (email when SMTP is configured, the log otherwise).
 */
@Entity({ name: 'notification_outbox' })
@ForeignKey('events', ['eventId'], ['id'], { name: 'notification_outbox_event_id_fkey', onDelete: 'CASCADE' })
@Check('notification_outbox_status_check', `(status = ANY (ARRAY['pending', 'sent', 'failed']))`)
@ForeignKey('users', ['userId'], ['id'], { name: 'notification_outbox_user_id_fkey', onDelete: 'SET NULL' })
@Index('notification_outbox_due_idx', ['nextAttemptAt'], { where: `(status = 'pending'::text)` })
@Index('notification_outbox_user_idx', ['userId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  recipient: string;

  /** Which message: e.g. `submission.accepted`, `registration.promoted`. */
  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'jsonb', default: '{}' })
  payload: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => `now()` })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
