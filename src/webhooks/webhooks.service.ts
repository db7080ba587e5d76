import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { page, type Page } from '../common/pagination/pagination.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import type { WebhookEventType } from './webhook-events.js';
import { webhookUrlProblem } from './webhook-url.js';
import type {
  CreatedWebhookResponseDto,
  CreateWebhookDto,
  DeliveryResponseDto,
  ListDeliveriesQueryDto,
  WebhookResponseDto,
} from './webhooks.dto.js';

interface EndpointRow {
  id: string;
  url: string;
  event_types: WebhookEventType[];
  active: boolean;
  created_at: Date;
}

const toWebhook = (r: EndpointRow): WebhookResponseDto => ({
  id: r.id,
  url: r.url,
  events: r.event_types,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

/** Organisers' webhook endpoints and the log of their deliveries. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly audit: AuditService,
  ) {}

  async list(eventId: string): Promise<WebhookResponseDto[]> {
    const rows: EndpointRow[] = await this.db.query(
      `SELECT id, url, event_types, active, created_at FROM webhook_endpoints WHERE event_id = $1 ORDER BY created_at`,
      [eventId],
    );
    return rows.map(toWebhook);
  }

  async create(eventId: string, dto: CreateWebhookDto, actor: AuthUser): Promise<CreatedWebhookResponseDto> {
    const problem = await webhookUrlProblem(dto.url, this.config.get('WEBHOOKS_ALLOW_PRIVATE', { infer: true }));
    if (problem) throw new DomainError('VALIDATION_FAILED', problem, [{ field: 'url', messages: [problem] }]);
    const secret = dto.secret ?? randomBytes(24).toString('base64url');
    return this.db.transaction(async (em) => {
      const [row]: EndpointRow[] = await em.query(
        `INSERT INTO webhook_endpoints (event_id, url, secret, event_types, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, url, event_types, active, created_at`,
        [eventId, dto.url, secret, dto.events, actor.id],
      );
      const created = toWebhook(row);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'webhook.create', entityType: 'webhook', entityId: row.id, after: created });
      return { ...created, secret };
    });
  }

  async remove(eventId: string, webhookId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const [rows]: [EndpointRow[], number] = await em.query(
        `DELETE FROM webhook_endpoints WHERE event_id = $1 AND id = $2 RETURNING id, url, event_types, active, created_at`,
        [eventId, webhookId],
      );
      if (!rows.length) throw notFound('Webhook');
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'webhook.delete', entityType: 'webhook', entityId: webhookId, before: toWebhook(rows[0]) });
    });
  }

  async deliveries(eventId: string, webhookId: string, q: ListDeliveriesQueryDto): Promise<Page<DeliveryResponseDto>> {
    const [exists] = await this.db.query(`SELECT 1 FROM webhook_endpoints WHERE event_id = $1 AND id = $2`, [eventId, webhookId]);
    if (!exists) throw notFound('Webhook');
    const rows: {
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
    }[] = await this.db.query(
      `SELECT d.id, d.event_type, d.status, d.attempts, d.next_attempt_at, d.created_at, d.delivered_at, d.payload,
              coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.attempted_at, 'statusCode', a.status_code,
                                                           'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
                          FROM webhook_delivery_attempts a WHERE a.event_id = d.event_id AND a.delivery_id = d.id), '[]') AS attempt_log,
              count(*) OVER ()::int AS total
         FROM webhook_deliveries d
        WHERE d.event_id = $1 AND d.endpoint_id = $2 AND ($3::text IS NULL OR d.status = $3)
        ORDER BY d.created_at DESC, d.id
        LIMIT $4 OFFSET $5`,
      [eventId, webhookId, q.status ?? null, q.limit, q.offset],
    );
    const items = rows.map((r) => ({
      id: r.id,
      event: r.event_type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      createdAt: r.created_at.toISOString(),
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      payload: r.payload,
      attemptLog: r.attempt_log.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
    }));
    return page(items, rows[0]?.total ?? 0, q);
  }
}
