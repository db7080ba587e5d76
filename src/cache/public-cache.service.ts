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
  private listener?: pg.Client;
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
    await this.listener?.end().catch(() => undefined);
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
    if (this.ttlMs <= 0) return undefined;
    const hit = await this.store.get(`${eventId}:${this.generation(eventId)}:${variant}`);
    // The store's own TTL bounds the entry in real time; this bounds it on the rules' clock too.
    return hit && (hit.expiresAt === undefined || now.getTime() < hit.expiresAt) ? hit : undefined;
  }

  /**
   * The cached response for (edition, variant), or builds, caches and returns it. With caching
   * off (PUBLIC_CACHE_TTL_SECONDS=0), always builds.
   */
  async getOrBuild(eventId: string, variant: string, build: () => Promise<BuiltResponse>, now = new Date()): Promise<CachedResponse> {
    if (this.ttlMs <= 0) {
      const built = await build();
      return { body: built.body, contentType: built.contentType, etag: strongEtag(built.body), ...(built.expiresAt ? { expiresAt: built.expiresAt.getTime() } : {}) };
    }
    const key = `${eventId}:${this.generation(eventId)}:${variant}`;
    const hit = await this.peek(eventId, variant, now);
    if (hit) return hit;
    const built = await build();
    const response: CachedResponse = {
      body: built.body,
      contentType: built.contentType,
      etag: strongEtag(built.body),
      ...(built.expiresAt ? { expiresAt: built.expiresAt.getTime() } : {}),
    };
    const untilRelease = built.expiresAt ? built.expiresAt.getTime() - now.getTime() : Infinity;
    const ttl = Math.min(this.ttlMs, untilRelease);
    if (ttl > 0) await this.store.set(key, response, ttl);
    return response;
  }

  private async listen() {
    const options = this.db.options as { url?: string };
    const client = new pg.Client({ connectionString: options.url, application_name: 'congress-cache-listener' });
    client.on('notification', (message) => {
      const [eventId, generation] = (message.payload ?? '').split(':');
      if (eventId && generation) this.generations.set(eventId, generation);
    });
    client.on('error', (error) => this.logger.warn(`cache listener: ${error.message}`));
    client.on('end', () => {
      if (this.closing) return;
      // Changes may be missed while disconnected: start a new epoch, reconnect with backoff.
      this.epoch = randomUUID();
      this.generations.clear();
      setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    try {
      await client.connect();
      await client.query('LISTEN content_changed');
      this.listener = client;
      this.epoch = randomUUID();
    } catch (error) {
      this.logger.warn(`cache listener cannot connect (${(error as Error).message}); retrying`);
      await client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.listen().catch(() => undefined), 2000).unref();
    }
  }
}
