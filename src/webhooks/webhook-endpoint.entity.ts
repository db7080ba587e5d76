import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { WebhookEventType } from './webhook-events.js';

/** An organiser's webhook endpoint (URL, HMAC secret, event types). */
@Entity({ name: 'webhook_endpoints' })
@ForeignKey('users', ['createdBy'], ['id'], { name: 'webhook_endpoints_created_by_fkey', onDelete: 'SET NULL' })
@ForeignKey('events', ['eventId'], ['id'], { name: 'webhook_endpoints_event_id_fkey', onDelete: 'CASCADE' })
@Unique('webhook_endpoints_event_id_id_key', ['eventId', 'id'])
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  secret: string;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes: WebhookEventType[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
