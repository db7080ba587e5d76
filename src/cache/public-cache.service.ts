import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import pg from 'pg';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { matchesEtag } from './http-cache.js';
import { CacheRepository } from './cache.repository.js';
import { MemoryCacheStore, RedisCacheStore, type CacheStore, type StoredMeta, type StoredResponse } from './cache-store.js';

/** A cached response; `bodies` is absent only when a conditional request was answered from the meta fields. */
export type CachedResponse = StoredMeta & { bodies?: StoredResponse['bodies'] | { identity: Buffer; br?: undefined; gzip?: undefined } };

export interface BuiltResponse {
  body: string;
  contentType: string;
  /** The next instant at which the content changes by itself (an embargo lifts): the entry must not outlive it. */
  expiresAt?: Date | null;
}

export const strongEtag = (body: string | Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * The brotli and gzip forms of a body, on libuv's thread pool (never on the event loop). Brotli at
 * quality 5 (2 MB of JSON in about 25 ms to 9 % of its size; quality 11 is 20 % smaller but
 * takes seconds), gzip at level 6 for clients without brotli.
 */
export async function compressed(body: string): Promise<StoredResponse['bodies']> {
  const identity = Buffer.from(body);
  const [br, gz] = await Promise.all([
    brotli(identity, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
        [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzipped(identity, { level: 6 }),
  ]);
  return { identity, br, gzip: gz };
}

/** How long one process may hold the build lock of an entry (a build is well under it). */
const BUILD_LOCK_MS = 10_000;
/** How often a process waiting for another's build looks for the entry. */
const BUILD_POLL_MS = 20;

/**
 * Cache of public reads (programme, exports) per edition, content version and variant (filters,
 * language). The version of an edition is the transaction id of the last change to its content:
 * kept in `content_versions` by the same triggers that send `NOTIFY content_changed` (migration
 * ContentVersions), read in full when the listener connects and followed through the
 * notifications afterwards. Every replica therefore names an entry the same way, so with REDIS_URL
 * what one process builds, all answer (and any change, from any process, moves every replica to the
 * new key within the notification's delay). An entry also never outlives the next embargo release.
 * A miss is built once: one flight per key in a process, and a short Redis lock across processes.
 * Entries are bytes with their brotli and gzip forms, compressed once when filled. Public reads
 * never write to the database.
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
  /** Kind of a cached read (programme, schedule.xml, …): hits and misses (= builds) per kind for the metrics. */
  readonly stats = new Map<string, { hits: number; misses: number }>();
  /** Per edition: its content version (the transaction id of its last change), as read or notified. */
  private readonly versions = new Map<string, string>();
  /** Builds in flight in this process, per key: concurrent misses wait for the one build. */
  private readonly flights = new Map<string, Promise<CachedResponse>>();
  private closing = false;
  private readonly ttlMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: CacheRepository,
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

  /** The key part that changes whenever the edition's content changes (the same in every process). */
  generation(eventId: string): string {
    return this.versions.get(eventId) ?? '0';
  }

  /** Forget everything this process cached for an edition (tests: a process-local version no other process names). */
  invalidate(eventId: string): void {
    this.versions.set(eventId, `${this.generation(eventId)}+${Math.random().toString(36).slice(2, 10)}`);
  }

  private key(eventId: string, variant: string) {
    return `${eventId}:${this.generation(eventId)}:${variant}`;
  }

  /**
   * The cached response for (edition, variant) if there is one, without building: lets a caller
   * answer a hit before any query (entries are only stored for content anyone may read, and any
   * change to the edition, its publication included, moves its version). With `ifNoneMatch`, an
   * entry whose ETag it names comes back without its bodies (only the meta fields are read).
   */
  async peek(eventId: string, variant: string, now = new Date(), ifNoneMatch?: string): Promise<CachedResponse | undefined> {
    // Without a listening connection changes could go unseen: no cached answers until it is back.
    if (this.ttlMs <= 0 || !this.listener) return undefined;
    const key = this.key(eventId, variant);
    if (ifNoneMatch) {
      const meta = await this.store.meta(key);
      if (meta && this.current(meta, now) && matchesEtag(ifNoneMatch, meta.etag)) {
        this.count(variant, true);
        return meta;
      }
    }
    const hit = await this.store.get(key);
    // The store's own TTL bounds the entry in real time; this bounds it on the rules' clock too.
    const valid = hit && this.current(hit, now) ? hit : undefined;
    if (valid) this.count(variant, true);
    return valid;
  }

  private current(meta: StoredMeta, now: Date) {
    return meta.expiresAt === undefined || now.getTime() < meta.expiresAt;
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
   * off (PUBLIC_CACHE_TTL_SECONDS=0), always builds (uncompressed: the compression plugin
   * compresses what is not cached).
   */
  async getOrBuild(eventId: string, variant: string, build: () => Promise<BuiltResponse>, now = new Date(), ifNoneMatch?: string): Promise<CachedResponse> {
    if (this.ttlMs <= 0 || !this.listener) {
      const built = await build();
      const identity = Buffer.from(built.body);
      return { contentType: built.contentType, etag: strongEtag(identity), ...(built.expiresAt ? { expiresAt: built.expiresAt.getTime() } : {}), bodies: { identity } };
    }
    const hit = await this.peek(eventId, variant, now, ifNoneMatch);
    if (hit) return hit;
    const key = this.key(eventId, variant);
    let flight = this.flights.get(key);
    if (!flight) {
      flight = this.fill(key, variant, build, now).finally(() => this.flights.delete(key));
      this.flights.set(key, flight);
    }
    return flight;
  }

  /**
   * Builds the entry under the cluster-wide build lock; a process that finds the lock taken waits
   * (bounded) for the holder's entry instead of building the same thing again.
   */
  private async fill(key: string, variant: string, build: () => Promise<BuiltResponse>, now: Date): Promise<CachedResponse> {
    let token = await this.store.lock(key, BUILD_LOCK_MS);
    if (!token) {
      const deadline = Date.now() + BUILD_LOCK_MS;
      while (!token && Date.now() < deadline) {
        await delay(BUILD_POLL_MS);
        const built = await this.store.get(key);
        if (built && this.current(built, now)) {
          this.count(variant, true);
          return built;
        }
        // The holder gave up or died: take the lock ourselves (or, if another did, keep waiting).
        if (!(await this.store.locked(key))) token = await this.store.lock(key, BUILD_LOCK_MS);
      }
    }
    try {
      const listener = this.listener;
      this.count(variant, false); // a miss is a build
      const built = await build();
      const response: StoredResponse = {
        contentType: built.contentType,
        etag: strongEtag(built.body),
        ...(built.expiresAt ? { expiresAt: built.expiresAt.getTime() } : {}),
        bodies: await compressed(built.body),
      };
      const untilRelease = built.expiresAt ? built.expiresAt.getTime() - now.getTime() : Infinity;
      const ttl = Math.min(this.ttlMs, untilRelease);
      // Stored only if the listener stayed connected while building (else a change may have been missed).
      if (ttl > 0 && listener && listener === this.listener) await this.store.set(key, response, ttl);
      return response;
    } finally {
      if (token) await this.store.unlock(key, token);
    }
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
    // Notifications that arrive while the versions are read wait, and are applied after them (they
    // come in commit order, so the last one for an edition is its newest version).
    let pending: [string, string][] | undefined = [];
    client.on('notification', (message) => {
      const [eventId, version] = (message.payload ?? '').split(':');
      if (!eventId || !version) return;
      if (pending) pending.push([eventId, version]);
      else this.versions.set(eventId, version);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    let versions: { eventId: string; version: string }[];
    try {
      await client.connect();
      await client.query('LISTEN content_changed');
      // Read after LISTEN: whatever commits from here on is notified as well.
      versions = await this.repo.contentVersions();
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
    // Changes may have been missed while disconnected: the versions are read again in full.
    this.versions.clear();
    for (const v of versions) this.versions.set(v.eventId, v.version);
    for (const [eventId, version] of pending) this.versions.set(eventId, version);
    pending = undefined;
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
    if (this.listener === client) this.listener = undefined;
    if (this.closing || this.retryTimer || this.connecting || this.listener) return;
    this.failures++;
    const backoff = Math.min(10_000, 500 * 2 ** Math.min(this.failures - 1, 10)) * (0.5 + Math.random() / 2);
    if (this.failures === 1 || this.failures % 10 === 0) {
      this.logger.warn(`cache listener lost (${error?.message ?? 'connection ended'}); reconnecting with backoff (attempt ${this.failures})`);
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.listen();
    }, backoff);
    this.retryTimer.unref();
  }
}
