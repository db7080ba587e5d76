import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WebhookEventType } from './webhook-events.js';

/**
 * Queues a webhook delivery for every active endpoint of the edition that subscribed to `type`,
 * inside the caller's transaction (an outbox: a delivery exists exactly when the change committed).
 */
@Injectable()
export class WebhookOutboxService {
  async emit(em: EntityManager, eventId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<void> {
    await em.query(
      `INSERT INTO webhook_deliveries (event_id, endpoint_id, event_type, payload)
       SELECT e.event_id, e.id, $2, jsonb_build_object('id', gen_random_uuid(), 'type', $2::text, 'eventId', e.event_id,
                                                       'occurredAt', now(), 'data', $3::jsonb)
         FROM webhook_endpoints e
        WHERE e.event_id = $1 AND e.active AND $2 = ANY (e.event_types)`,
      [eventId, type, JSON.stringify(data)],
    );
  }

  /** The delivery backlog for the metrics: deliveries waiting, and the age of the oldest. */
  async backlog(em: Pick<EntityManager, 'query'>): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row]: { pending: number; age: number }[] = await em.query(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
         FROM webhook_deliveries WHERE status = 'pending'`,
    );
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }
}
