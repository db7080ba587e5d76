import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WebhookEventType } from './webhook-events.js';
import { WebhooksRepository } from './webhooks.repository.js';

/**
 * Queues a webhook delivery for every active endpoint of the edition that subscribed to `type`,
 * inside the caller's transaction (an outbox: a delivery exists exactly when the change committed).
 */
@Injectable()
export class WebhookOutboxService {
  constructor(private readonly repo: WebhooksRepository) {}

  emit(em: EntityManager, eventId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<void> {
    return this.repo.enqueue(eventId, type, data, em);
  }

  /** The delivery backlog for the metrics: deliveries waiting, and the age of the oldest. */
  backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    return this.repo.backlog();
  }

}
