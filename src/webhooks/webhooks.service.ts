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
import { webhookUrlProblem } from './webhook-url.js';
import { WebhookResolver } from './webhook-resolver.js';
import { WebhooksRepository, type EndpointRow } from './webhooks.repository.js';
import type {
  CreatedWebhookResponseDto,
  CreateWebhookDto,
  DeliveryResponseDto,
  ListDeliveriesQueryDto,
  WebhookResponseDto,
} from './webhooks.dto.js';

const toWebhook = (r: EndpointRow): WebhookResponseDto => ({
  id: r.id,
  url: r.url,
  events: r.eventTypes,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
});

/** Organisers' webhook endpoints and the log of their deliveries. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WebhooksRepository,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly audit: AuditService,
    private readonly resolver: WebhookResolver,
  ) {}

  async list(eventId: string): Promise<WebhookResponseDto[]> {
    return (await this.repo.endpoints(eventId)).map(toWebhook);
  }

  async create(eventId: string, dto: CreateWebhookDto, actor: AuthUser): Promise<CreatedWebhookResponseDto> {
    const problem = await webhookUrlProblem(dto.url, this.config.get('WEBHOOKS_ALLOW_PRIVATE', { infer: true }), (host) => this.resolver.resolve(host));
    if (problem) throw new DomainError('VALIDATION_FAILED', problem, [{ field: 'url', messages: [problem] }]);
    const secret = dto.secret ?? randomBytes(24).toString('base64url');
    return this.db.transaction(async (em) => {
      const row = await this.repo.insertEndpoint({ eventId, url: dto.url, secret, eventTypes: dto.events, createdBy: actor.id }, em);
      const created = toWebhook(row);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'webhook.create', entityType: 'webhook', entityId: row.id, after: created });
      return { ...created, secret };
    });
  }

  async remove(eventId: string, webhookId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const removed = await this.repo.deleteEndpoint(eventId, webhookId, em);
      if (!removed) throw notFound('Webhook');
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'webhook.delete', entityType: 'webhook', entityId: webhookId, before: toWebhook(removed) });
    });
  }

  async deliveries(eventId: string, webhookId: string, q: ListDeliveriesQueryDto): Promise<Page<DeliveryResponseDto>> {
    if (!(await this.repo.endpointExists(eventId, webhookId))) throw notFound('Webhook');
    const rows = await this.repo.deliveries(eventId, webhookId, { status: q.status, offset: q.offset, limit: q.limit });
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
