import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A webhook delivery in the outbox, written in the transaction of the change it reports. */
@Entity({ name: 'webhook_deliveries' })
@ForeignKey('webhook_endpoints', ['eventId', 'endpointId'], ['eventId', 'id'], { name: 'webhook_deliveries_endpoint_fkey', onDelete: 'CASCADE' })
@Unique('webhook_deliveries_event_id_id_key', ['eventId', 'id'])
@Check('webhook_deliveries_status_check', `(status = ANY (ARRAY['pending', 'delivered', 'failed']))`)
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `(status = 'pending'::text)` })
@Index('webhook_deliveries_endpoint_idx', ['eventId', 'endpointId', 'createdAt'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'text', default: 'pending' })
  status: string;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => `now()` })
  nextAttemptAt: Date;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
