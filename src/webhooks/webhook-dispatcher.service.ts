import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { backoffSeconds, SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';
import { postWebhook, WebhookDeliveryError } from './webhook-request.js';
import { WebhookResolver } from './webhook-resolver.js';
import { WebhooksRepository, type ClaimedDelivery } from './webhooks.repository.js';

/** A claimed delivery is invisible to other dispatchers for this long (a crashed process's claims expire). */
const LEASE_SECONDS = 60;
const BATCH = 20;

/**
 * Sends due webhook deliveries. Any number of processes may run it: each claims a batch with
 * `FOR UPDATE SKIP LOCKED` and a lease, sends outside the transaction, then records the attempt:
 * 2xx → delivered; otherwise retried with exponential backoff until WEBHOOKS_MAX_ATTEMPTS → failed.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WebhooksRepository,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly resolver: WebhookResolver,
  ) {}

  onApplicationBootstrap() {
    const interval = this.config.get('WEBHOOKS_DISPATCH_INTERVAL_MS', { infer: true });
    if (!interval) return;
    this.timer = setInterval(() => {
      this.running ??= this.dispatchDue()
        .catch((error: Error) => this.logger.warn(`dispatch failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, interval);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends every delivery due now; returns how many were attempted. */
  async dispatchDue(): Promise<number> {
    const claimed = await this.db.transaction((em) => this.repo.claimDue(LEASE_SECONDS, BATCH, em));
    await Promise.all(claimed.map((d) => this.attempt(d)));
    return claimed.length;
  }

  private async attempt(d: ClaimedDelivery) {
    const started = Date.now();
    const body = JSON.stringify(d.payload);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      statusCode = await postWebhook({
        url: d.url,
        allowPrivate: this.config.get('WEBHOOKS_ALLOW_PRIVATE', { infer: true }),
        resolve: (host) => this.resolver.resolve(host),
        timeoutMs: this.config.get('WEBHOOKS_TIMEOUT_MS', { infer: true }),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'congress-backend-webhooks/1',
          'x-congress-event': d.event_type,
          'x-congress-delivery': d.id,
          [SIGNATURE_HEADER]: signWebhook(d.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (e) {
      // Only the class of a failure is kept (address not allowed, timed out, connection refused, …):
      // never a network error's text, which could describe an internal host.
      error = e instanceof WebhookDeliveryError ? e.message : 'delivery failed';
    }
    const attempt = d.attempts + 1;
    const delivered = error === null;
    const failed = !delivered && attempt >= this.config.get('WEBHOOKS_MAX_ATTEMPTS', { infer: true });
    const status = delivered ? 'delivered' : failed ? 'failed' : 'pending';
    await this.db.transaction((em) =>
      this.repo.recordAttempt(d, { attempt, statusCode, error, durationMs: Date.now() - started, status, retryInSeconds: backoffSeconds(attempt) }, em),
    );
  }
}
