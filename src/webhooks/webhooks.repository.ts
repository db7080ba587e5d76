import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { WebhookEndpointEntity } from './webhook-endpoint.entity.js';
import type { WebhookEventType } from './webhook-events.js';

/** An endpoint as organisers see it (never its secret). */
export type EndpointRow = Pick<WebhookEndpointEntity, 'id' | 'url' | 'eventTypes' | 'active' | 'createdAt'>;

/** A delivery with its attempt log, as organisers list them. */
export interface DeliveryLogRow {
  id: string;
  event_type: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  delivered_at: Date | null;
  payload: unknown;
  attempt_log: { attempt: number; at: string; statusCode: number | null; error: string | null; durationMs: number }[];
  total: number;
}

/** A delivery claimed by a dispatcher, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  event_id: string;
  attempts: number;
  payload: unknown;
  url: string;
  secret: string;
  event_type: string;
}

const ENDPOINT_COLUMNS = { id: true, url: true, eventTypes: true, active: true, createdAt: true } as const;

/** Webhook endpoints, the delivery outbox and its attempt log (`webhook_*`). */
@Injectable()
export class WebhooksRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /** Queues a delivery for every active endpoint of the edition subscribed to `type`, in the caller's transaction. */
  async enqueue(eventId: string, type: WebhookEventType, data: Record<string, unknown>, em: EntityManager): Promise<void> {
    await this.affected(
      `INSERT INTO webhook_deliveries (event_id, endpoint_id, event_type, payload)
       SELECT e.event_id, e.id, $2, jsonb_build_object('id', gen_random_uuid(), 'type', $2::text, 'eventId', e.event_id,
                                                       'occurredAt', now(), 'data', $3::jsonb)
         FROM webhook_endpoints e
        WHERE e.event_id = $1 AND e.active AND $2 = ANY (e.event_types)`,
      [eventId, type, JSON.stringify(data)],
      em,
    );
  }

  endpoints(eventId: string): Promise<EndpointRow[]> {
    return this.manager().find(WebhookEndpointEntity, { select: ENDPOINT_COLUMNS, where: { eventId }, order: { createdAt: 'ASC' } });
  }

  async endpointExists(eventId: string, id: string): Promise<boolean> {
    return this.manager().existsBy(WebhookEndpointEntity, { eventId, id });
  }

  async insertEndpoint(values: { eventId: string; url: string; secret: string; eventTypes: WebhookEventType[]; createdBy: string }, em: EntityManager): Promise<EndpointRow> {
    const saved = await em.save(em.create(WebhookEndpointEntity, values));
    return { id: saved.id, url: saved.url, eventTypes: saved.eventTypes, active: saved.active, createdAt: saved.createdAt };
  }

  deleteEndpoint(eventId: string, id: string, em: EntityManager): Promise<EndpointRow | undefined> {
    return this.first<EndpointRow>(
      `DELETE FROM webhook_endpoints WHERE event_id = $1 AND id = $2 RETURNING id, url, event_types AS "eventTypes", active, created_at AS "createdAt"`,
      [eventId, id],
      em,
    );
  }

  deliveries(eventId: string, endpointId: string, q: { status?: string; offset: number; limit: number }): Promise<DeliveryLogRow[]> {
    return this.rows<DeliveryLogRow>(
      `SELECT d.id, d.event_type, d.status, d.attempts, d.next_attempt_at, d.created_at, d.delivered_at, d.payload,
              coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.attempted_at, 'statusCode', a.status_code,
                                                           'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
                          FROM webhook_delivery_attempts a WHERE a.event_id = d.event_id AND a.delivery_id = d.id), '[]') AS attempt_log,
              count(*) OVER ()::int AS total
         FROM webhook_deliveries d
        WHERE d.event_id = $1 AND d.endpoint_id = $2 AND ($3::text IS NULL OR d.status = $3)
        ORDER BY d.created_at DESC, d.id
        LIMIT $4 OFFSET $5`,
      [eventId, endpointId, q.status ?? null, q.limit, q.offset],
    );
  }

  /** Claims up to `batch` due deliveries with a lease (SKIP LOCKED: any number of dispatchers). */
  claimDue(leaseSeconds: number, batch: number, em: EntityManager): Promise<ClaimedDelivery[]> {
    return this.rows<ClaimedDelivery>(
      `UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => $1)
         FROM webhook_endpoints e
        WHERE d.id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          AND e.event_id = d.event_id AND e.id = d.endpoint_id
      RETURNING d.id, d.event_id, d.attempts, d.payload, d.event_type, e.url, e.secret`,
      [leaseSeconds, batch],
      em,
    );
  }

  /** Records one attempt and the delivery's new state, in one transaction. */
  async recordAttempt(
    d: Pick<ClaimedDelivery, 'id' | 'event_id'>,
    a: { attempt: number; statusCode: number | null; error: string | null; durationMs: number; status: 'delivered' | 'failed' | 'pending'; retryInSeconds: number },
    em: EntityManager,
  ): Promise<void> {
    await this.affected(
      `INSERT INTO webhook_delivery_attempts (event_id, delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
      [d.event_id, d.id, a.attempt, a.statusCode, a.error, a.durationMs],
      em,
    );
    await this.affected(
      `UPDATE webhook_deliveries
          SET attempts = $3, last_status_code = $4, last_error = $5,
              status = $6, delivered_at = CASE WHEN $6 = 'delivered' THEN now() END,
              next_attempt_at = now() + make_interval(secs => $7)
        WHERE event_id = $1 AND id = $2`,
      [d.event_id, d.id, a.attempt, a.statusCode, a.error, a.status, a.retryInSeconds],
      em,
    );
  }

  /** How many wait, and the age of the oldest (0 when none waits). */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row] = await this.rows<{ pending: number; age: number }>(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
         FROM webhook_deliveries WHERE status = 'pending'`,
    );
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }
}
