import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { PublicCache } from '../cache/public-cache.service.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service.js';

/** What a `pg` pool tells about itself (TypeORM's postgres driver keeps one as `master`). */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * Prometheus metrics (prom-client), served on their own port (METRICS_PORT, bound to METRICS_HOST,
 * optionally behind a bearer METRICS_TOKEN), never on the public API. Each app has its own
 * registry. Request figures are recorded by one Fastify onResponse hook (`observeRequest`); pool,
 * cache and outbox figures are read when Prometheus scrapes.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  readonly enabled: boolean;
  private server?: Server;

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request arriving to the response sent, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly registrations = new Counter({
    name: 'registrations_total',
    help: 'Registration attempts by outcome: confirmed, waitlisted, replayed (Idempotency-Key) or the refusal code in lower case',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly cache: PublicCache,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhookOutboxService,
  ) {
    this.enabled = this.config.get('METRICS_PORT', { infer: true }) > 0;
    const pool = () => (this.db.driver as unknown as { master?: PoolCounts }).master;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections of this process: in_use, idle, max',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const p = pool();
        this.set({ state: 'in_use' }, p ? p.totalCount - p.idleCount : 0);
        this.set({ state: 'idle' }, p?.idleCount ?? 0);
        this.set({ state: 'max' }, p?.options?.max ?? 0);
      },
    });
    new Gauge({
      name: 'db_pool_waiting_requests',
      help: 'Queries of this process waiting for a free pool connection',
      registers: [this.registry],
      collect() {
        this.set(pool()?.waitingCount ?? 0);
      },
    });
    const publicCache = this.cache;
    const counted = (name: string, help: string, read: (s: { hits: number; misses: number }) => number) =>
      new Counter({
        name,
        help,
        labelNames: ['kind'] as const,
        registers: [this.registry],
        collect() {
          // The cache keeps its own counts (cheap on the read path); Prometheus gets them as they are.
          this.reset();
          for (const [kind, stats] of publicCache.stats) this.inc({ kind }, read(stats));
        },
      });
    counted('public_cache_hits_total', 'Public reads answered from the cache, by kind (programme, schedule.xml, …)', (s) => s.hits);
    counted('public_cache_misses_total', 'Public reads built because the cache had no current entry, by kind', (s) => s.misses);
    new Counter({
      name: 'public_cache_listener_connect_attempts_total',
      help: 'Connection attempts of the LISTEN connection that invalidates cached reads',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(publicCache.listenerStats.attempts);
      },
    });
    const outbox = async (which: 'notifications' | 'webhooks') =>
      (which === 'notifications' ? this.notifications : this.webhooks).backlog().catch(() => undefined);
    new Gauge({
      name: 'outbox_pending',
      help: 'Messages waiting in an outbox (notifications, webhooks)',
      labelNames: ['outbox'] as const,
      registers: [this.registry],
      async collect() {
        for (const which of ['notifications', 'webhooks'] as const) {
          const b = await outbox(which);
          if (b) this.set({ outbox: which }, b.pending);
        }
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest message waiting in an outbox (0 when none waits)',
      labelNames: ['outbox'] as const,
      registers: [this.registry],
      async collect() {
        for (const which of ['notifications', 'webhooks'] as const) {
          const b = await outbox(which);
          if (b) this.set({ outbox: which }, b.oldestAgeSeconds);
        }
      },
    });
  }

  /** Called by the onResponse hook: the route template (`/api/v1/events/:eventId/programme`), never the raw URL. */
  observeRequest(method: string, route: string | undefined, statusCode: number, elapsedMs: number) {
    const labels = { method, route: route ?? 'unmatched', status_code: statusCode };
    this.requests.inc(labels);
    this.duration.observe(labels, elapsedMs / 1000);
  }

  registration(outcome: string) {
    this.registrations.inc({ outcome });
  }

  async onApplicationBootstrap() {
    if (!this.enabled) return;
    collectDefaultMetrics({ register: this.registry });
    const token = this.config.get('METRICS_TOKEN', { infer: true });
    const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      const given = Buffer.from(req.headers.authorization ?? '');
      if (expected && (given.length !== expected.length || !timingSafeEqual(given, expected))) {
        res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        (error: Error) => {
          this.logger.warn(`metrics: ${error.message}`);
          res.writeHead(500).end();
        },
      );
    });
    const port = this.config.get('METRICS_PORT', { infer: true });
    const host = this.config.get('METRICS_HOST', { infer: true });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
  }

  /** The metrics server's address (tests). */
  address() {
    return this.server?.address();
  }

  async onApplicationShutdown() {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise((r) => server.close(r));
    server.closeAllConnections();
    await closed;
  }
}
