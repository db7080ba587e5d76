import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Lang } from '../common/i18n/localized-text.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { UsersService } from '../users/users.service.js';
import { NotificationsRepository, type OutboxRow } from './notifications.repository.js';
import { renderNotification } from './templates.js';

export interface FlushResult {
  sent: number;
  retried: number;
  failed: number;
}

/** Claimed rows are leased for this long (another worker takes them over if this one dies). */
const LEASE_SECONDS = 300;

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min, … at most 1 h. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

/**
 * Delivers the notification outbox: by email (nodemailer) when SMTP_URL is set, to the log
 * otherwise. Runs every NOTIFICATIONS_POLL_SECONDS when NOTIFICATIONS_WORKER is on (off in tests,
 * which call `flush()`). Any number of processes may run it: rows are claimed with SKIP LOCKED.
 */
@Injectable()
export class NotificationsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationsWorker.name);
  private timer?: NodeJS.Timeout;
  private transport?: Transporter;
  private busy = false;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly users: UsersService,
  ) {}

  onApplicationBootstrap() {
    const smtp = this.config.get('SMTP_URL', { infer: true });
    if (smtp) this.transport = nodemailer.createTransport(smtp);
    const enabled = this.config.get('NOTIFICATIONS_WORKER', { infer: true }) ?? this.config.get('NODE_ENV', { infer: true }) !== 'test';
    if (enabled) {
      this.timer = setInterval(() => void this.tick(), this.config.get('NOTIFICATIONS_POLL_SECONDS', { infer: true }) * 1000);
      this.timer.unref();
    }
  }

  onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }

  private async tick() {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.flush();
    } catch (error) {
      this.logger.error(`notification worker: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  /** Sends every due message once (tests call this; `now` drives the clock). */
  async flush(now = new Date(), batch = 50): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, retried: 0, failed: 0 };
    const maxAttempts = this.config.get('NOTIFICATIONS_MAX_ATTEMPTS', { infer: true });
    for (;;) {
      const rows = await this.repo.claimDue(now, batch, LEASE_SECONDS);
      // Each message in its recipient's language as it is when sent (one lookup per batch; English for a deleted account).
      const langOf = new Map((await this.users.findByIds(rows.flatMap((r) => (r.userId ? [r.userId] : [])))).map((u) => [u.id, u.preferredLanguage]));
      for (const row of rows) {
        try {
          await this.deliver(row, (row.userId && langOf.get(row.userId)) || 'en');
          await this.repo.markSent(row.id);
          result.sent++;
        } catch (error) {
          const message = String((error as Error).message ?? error).slice(0, 1000);
          const failed = row.attempts >= maxAttempts;
          await this.repo.markFailed(row.id, failed, message, now, backoffSeconds(row.attempts));
          if (failed) result.failed++;
          else result.retried++;
          this.logger.warn(`notification ${row.id} (${row.template}) attempt ${row.attempts} failed: ${message}`);
        }
      }
      if (rows.length < batch) return result;
    }
  }

  private async deliver(row: OutboxRow, lang: Lang) {
    const message = renderNotification(row.template, row.payload, lang);
    if (!this.transport) {
      this.logger.log(`notification to ${row.recipient}: ${message.subject}`);
      return;
    }
    await this.transport.sendMail({ from: this.config.get('MAIL_FROM', { infer: true }), to: row.recipient, ...message });
  }
}
