import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';

/** The content codings a cached response is kept in (compressed once, when the entry is filled). */
export const ENCODINGS = ['br', 'gzip', 'identity'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** A cached response without its body: enough to answer a matching If-None-Match with 304. */
export interface StoredMeta {
  contentType: string;
  /** Strong ETag of the identity body (each coding sends it with its own suffix, see `etagFor`). */
  etag: string;
  /** Epoch milliseconds of the next release this response must not outlive (absent: none). */
  expiresAt?: number;
}

/** A cached public response: the body as bytes, and its brotli and gzip forms. */
export interface StoredResponse extends StoredMeta {
  bodies: { identity: Buffer; br: Buffer; gzip: Buffer };
}

/**
 * Where cached public responses live: this process's memory, or Redis shared by all processes
 * (with this process's memory in front). Entries are kept as bytes, never as one JSON document or a
 * string, so a hit costs neither parsing nor encoding.
 */
export interface CacheStore {
  get(key: string): Promise<StoredResponse | undefined>;
  /** The entry without its bodies (a conditional request that may end in 304). */
  meta(key: string): Promise<StoredMeta | undefined>;
  set(key: string, value: StoredResponse, ttlMs: number): Promise<void>;
  /** Takes the build lock of `key` for `ttlMs` across processes: a token, or undefined when another holds it. */
  lock(key: string, ttlMs: number): Promise<string | undefined>;
  /** Is the build lock of `key` held (by anyone)? */
  locked(key: string): Promise<boolean>;
  unlock(key: string, token: string): Promise<void>;
  close(): Promise<void>;
}

const sizeOf = (v: StoredResponse) => Math.max(1, v.bodies.identity.length + v.bodies.br.length + v.bodies.gzip.length);

/** A bounded LRU in this process (up to `maxBytes` of cached bodies); entries are the objects themselves. */
export class MemoryCacheStore implements CacheStore {
  private readonly lru: LRUCache<string, StoredResponse>;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {
    this.lru = new LRUCache<string, StoredResponse>({ maxSize: maxBytes, sizeCalculation: sizeOf, ttlAutopurge: false });
  }

  async get(key: string) {
    return this.lru.get(key);
  }

  async meta(key: string) {
    return this.lru.get(key);
  }

  async set(key: string, value: StoredResponse, ttlMs: number) {
    if (sizeOf(value) < this.maxBytes) this.lru.set(key, value, { ttl: Math.max(1, ttlMs) });
  }

  /** One process: the caller's single flight is the lock. */
  async lock() {
    return 'local';
  }

  async locked() {
    return false;
  }

  async unlock() {}

  async close() {
    this.lru.clear();
  }
}

/** Deletes the lock only if it is still the caller's (it may have expired and been taken by another). */
const UNLOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Redis (REDIS_URL): every process reads what any process cached, as a hash of fields (meta, and
 * one field per coding), with this process's memory in front (the key names the content version,
 * so a copy in memory is never stale). A conditional request reads only the meta fields. Failures
 * degrade to a miss.
 */
export class RedisCacheStore implements CacheStore {
  private readonly local: MemoryCacheStore;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'congress-cache:',
    localBytes = 64 * 1024 * 1024,
  ) {
    this.local = new MemoryCacheStore(localBytes);
  }

  async get(key: string) {
    const near = await this.local.get(key);
    if (near) return near;
    try {
      const results = await this.redis
        .pipeline()
        .hmgetBuffer(this.prefix + key, 'contentType', 'etag', 'expiresAt', 'identity', 'br', 'gzip')
        .pttl(this.prefix + key)
        .exec();
      if (!results || results[0][0] || results[1][0]) return undefined;
      const [contentType, etag, expiresAt, identity, br, gzip] = results[0][1] as (Buffer | null)[];
      const ttl = results[1][1] as number;
      if (!contentType || !etag || !identity || !br || !gzip || ttl <= 0) return undefined;
      const value: StoredResponse = {
        contentType: contentType.toString(),
        etag: etag.toString(),
        ...(expiresAt ? { expiresAt: Number(expiresAt.toString()) } : {}),
        bodies: { identity, br, gzip },
      };
      await this.local.set(key, value, ttl);
      return value;
    } catch {
      return undefined;
    }
  }

  async meta(key: string) {
    const near = await this.local.meta(key);
    if (near) return near;
    try {
      const [contentType, etag, expiresAt] = await this.redis.hmget(this.prefix + key, 'contentType', 'etag', 'expiresAt');
      if (contentType === null || etag === null) return undefined;
      return { contentType, etag, ...(expiresAt ? { expiresAt: Number(expiresAt) } : {}) };
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: StoredResponse, ttlMs: number) {
    await this.local.set(key, value, ttlMs);
    try {
      await this.redis
        .multi()
        .hset(this.prefix + key, {
          contentType: value.contentType,
          etag: value.etag,
          ...(value.expiresAt === undefined ? {} : { expiresAt: String(value.expiresAt) }),
          identity: value.bodies.identity,
          br: value.bodies.br,
          gzip: value.bodies.gzip,
        })
        .pexpire(this.prefix + key, Math.max(1, Math.floor(ttlMs)))
        .exec();
    } catch {
      // a cache that cannot write is a cache that misses
    }
  }

  async lock(key: string, ttlMs: number) {
    const token = randomUUID();
    try {
      const ok = await this.redis.set(`${this.prefix}lock:${key}`, token, 'PX', Math.max(1, Math.floor(ttlMs)), 'NX');
      return ok === 'OK' ? token : undefined;
    } catch {
      return token; // Redis is down: build here rather than wait for nobody
    }
  }

  async locked(key: string) {
    try {
      return (await this.redis.exists(`${this.prefix}lock:${key}`)) === 1;
    } catch {
      return false;
    }
  }

  async unlock(key: string, token: string) {
    await this.redis.eval(UNLOCK, 1, `${this.prefix}lock:${key}`, token).catch(() => undefined);
  }

  async close() {
    await this.local.close();
    await this.redis.quit().catch(() => undefined);
  }
}
