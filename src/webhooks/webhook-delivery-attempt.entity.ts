import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One attempt to deliver a webhook (status, duration, error). */
@Entity({ name: 'webhook_delivery_attempts' })
@Check('webhook_delivery_attempts_attempt_check', `(attempt >= 1)`)
@Unique('webhook_delivery_attempts_attempt_key', ['eventId', 'deliveryId', 'attempt'])
@ForeignKey('webhook_deliveries', ['eventId', 'deliveryId'], ['eventId', 'id'], { name: 'webhook_delivery_attempts_delivery_fkey', onDelete: 'CASCADE' })
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @Column({ type: 'int' })
  attempt: number;

  @Column({ name: 'attempted_at', type: 'timestamptz', default: () => `now()` })
  attemptedAt: Date;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'int', default: 0 })
  durationMs: number;
}
