import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { MemoryCacheStore, RedisCacheStore, type CacheStore, type StoredResponse } from './cache-store.js';

export type CachedResponse = StoredResponse;

export interface BuiltResponse {
  body: string;
  contentType: string;
  /** The next instant at which the content changes by itself (an embargo lifts): the entry must not outlive it. */
  expiresAt?: Date | null;
}

const strongEtag = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/**
 * Cache of public reads (programme, exports) per edition, variant (filters, language) and content
 * generation. The generation moves when PostgreSQL notifies a change to the edition's content
 * (see migration ContentChangeNotifications), so any change from any process invalidates it; an
 * entry also never outlives the next embargo release. Entries live in memory, or in Redis when
 * REDIS_URL is set so that all processes share them. Public reads never write to the database.
 */
@Injectable()
export class PublicCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PublicCache');
  private store!: CacheStore;
  /** The connected LISTEN client; undefined while (re)connecting. */
  private listener?: pg.Client;
  /** The one pending reconnect (at most one timer, never two connects at once). */
  private retryTimer?: NodeJS.Timeout;
  private connecting = false;
  private failures = 0;
  /** Connection attempts and successful connections of the listener since start (tests and metrics read them). */
  readonly listenerStats = { attempts: 0, connects: 0 };
  /** Kind of a cached read (programme, schedule.xml, …): hits and misses per kind for the metrics. */
  readonly stats = new Map<string, { hits: number; misses: number }>();
  /** Per edition: the last transaction that changed its content, as notified. */
  private readonly generations = new Map<string, string>();
  /** Changes when the listener (re)connects: whatever happened meanwhile is invalidated. */
  private epoch = randomUUID();
  private closing = false;
  private readonly ttlMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.ttlMs = this.config.get('PUBLIC_CACHE_TTL_SECONDS', { infer: true }) * 1000;
  }

  async onApplicationBootstrap() {
    const redisUrl = this.config.get('REDIS_URL', { infer: true });
    this.store = redisUrl ? new RedisCacheStore(new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 1000 })) : new MemoryCacheStore();
    if (this.ttlMs > 0) await this.listen();
  }

  async onApplicationShutdown() {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    await this.store?.close();
  }

  /**
   * Waits until every change committed so far has been notified to this process: a query on the
   * listening connection returns after the notifications queued before it. Called after each
   * successful write request, so that a client reads its own writes.
   */
  async sync(): Promise<void> {
    await this.listener?.query('SELECT 1').catch(() => undefined);
  }

  /** The key part that changes whenever the edition's content changes. */
  generation(eventId: string): string {
    return `${this.epoch}:${this.generations.get(eventId) ?? '0'}`;
  }

  /** Forget everything cached for an edition in this process (changes the key). */
  invalidate(eventId: string): void {
    this.generations.set(eventId, `${this.generations.get(eventId) ?? '0'}+${randomUUID().slice(0, 8)}`);
  }

  /**
   * The cached response for (edition, variant) if there is one, without building: lets a caller
   * answer a hit before any query (entries are only stored for content anyone may read, and any
   * change to the edition, its publication included, moves the generation).
   */
  async peek(eventId: string, variant: string, now = new Date()): Promise<CachedResponse | undefined> {
    // Without a listening connection changes could go unseen: no cached answers until it is back.
    if (this.ttlMs <= 0 || !this.listener) return undefined;
    const hit = await this.store.get(`${eventId}:${this.generation(eventId)}:${variant}`);
    // The store's own TTL bounds the entry in real time; this bounds it on the rules' clock too.
    const valid = hit && (hit.expiresAt === undefined || now.getTime() < hit.expiresAt) ? hit : undefined;
    if (valid) this.count(variant, true);
    return valid;
  }

  private count(variant: string, hit: boolean) {
    const kind = variant.startsWith('schedule:') ? variant.split(':', 2).join('.') : variant.split(':', 1)[0] || 'programme';
    let entry = this.stats.get(kind);
    if (!entry) this.stats.set(kind, (entry = { hits: 0, misses: 0 }));
    if (hit) entry.hits++;
    else entry.misses++;
  }

  /**
   * The cached response for (edition, variant), or builds, caches and returns it. With caching
   * off (PUBLIC_CACHE_TTL_SECONDS=0), always builds.
   */
  async getOrBuild(eventId: string, variant: string, build: () => Promise<BuiltResponse>, now = new Date()): Promise<CachedResponse> {
    if (this.ttlMs <= 0 || !this.listener) {
      const built = await build();
      return { body: built.body, contentType: built.contentType, etag: strongEtag(built.body), ...(built.expiresAt ? { expiresAt: built.expiresAt.getTime() } : {}) };
    }
    const key = `${eventId}:${this.generation(eventId)}:${variant}`;
    const hit = await this.peek(eventId, variant, now);
    if (hit) return hit;
    const listener = this.listener;
    this.count(variant, false); // a miss is a build
    const built = await build();
    const response: CachedResponse = {
      body: built.body,
      contentType: built.contentType,
      etag: strongEtag(built.body),
      ...(built.expiresAt ? { expiresAt: built.expiresAt.getTime() } : {}),
    };
    const untilRelease = built.expiresAt ? built.expiresAt.getTime() - now.getTime() : Infinity;
    const ttl = Math.min(this.ttlMs, untilRelease);
    // Stored only if the listener stayed connected while building (else a change may have been missed).
    if (ttl > 0 && listener === this.listener) await this.store.set(key, response, ttl);
    return response;
  }

  /**
   * Connects the LISTEN client. One reconnect path: a failed attempt, an error or the end of the
   * connection all go through `lost()`, which ends the old client and schedules the single next
   * attempt with capped exponential backoff and jitter (0.5 s, 1 s, 2 s … up to 10 s, each between
   * half and all of it), so an outage of any length costs a handful of attempts, never a flood.
   */
  private async listen(): Promise<void> {
    if (this.closing || this.connecting || this.listener) return;
    this.connecting = true;
    this.listenerStats.attempts++;
    const options = this.db.options as { url?: string };
    const client = new pg.Client({ connectionString: options.url, application_name: 'congress-cache-listener', connectionTimeoutMillis: 5000 });
    client.on('notification', (message) => {
      const [eventId, generation] = (message.payload ?? '').split(':');
      if (eventId && generation) this.generations.set(eventId, generation);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query('LISTEN content_changed');
    } catch (error) {
      this.connecting = false;
      this.lost(client, error as Error);
      return;
    }
    this.connecting = false;
    if (this.closing) {
      await client.end().catch(() => undefined);
      return;
    }
    // Changes may have been missed while disconnected: a new epoch invalidates everything cached before.
    this.epoch = randomUUID();
    this.generations.clear();
    this.listener = client;
    if (this.failures > 0) this.logger.log(`cache listener reconnected after ${this.failures} failed attempt(s)`);
    this.failures = 0;
    this.listenerStats.connects++;
  }

  /** The client failed or ended: end it for good, forget it, and schedule the one next attempt. */
  private lost(client: pg.Client, error?: Error) {
    client.removeAllListeners('end');
    client.removeAllListeners('notification');
    client.removeAllListeners('error');
    client.on('error', () => undefined); // late socket errors of a client we dropped
    void client.end().catch(() => undefined);
    if (this.listener === client) {
      this.listener = undefined;
      this.epoch = randomUUID();
      this.generations.clear();
    }
    if (this.closing || this.retryTimer || this.connecting || this.listener) return;
    this.failures++;
    const delay = Math.min(10_000, 500 * 2 ** Math.min(this.failures - 1, 10)) * (0.5 + Math.random() / 2);
    if (this.failures === 1 || this.failures % 10 === 0) {
      this.logger.warn(`cache listener lost (${error?.message ?? 'connection ended'}); reconnecting with backoff (attempt ${this.failures})`);
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.listen();
    }, delay);
    this.retryTimer.unref();
  }
}
