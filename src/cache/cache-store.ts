import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';

/** A cached public response: the body as sent, its content type and strong ETag. */
export interface StoredResponse {
  body: string;
  contentType: string;
  etag: string;
  /** Epoch milliseconds of the next release this response must not outlive (absent: none). */
  expiresAt?: number;
}

/**
 * Where cached public responses live: this process's memory, or Redis shared by all processes.
 * Stores keep the response as fields (never one JSON document), so a hit costs no parsing of the
 * body: with megabyte programmes, that parse would cost more than the rest of the request.
 */
export interface CacheStore {
  get(key: string): Promise<StoredResponse | undefined>;
  set(key: string, value: StoredResponse, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A bounded LRU in this process (up to `maxBytes` of cached bodies); entries are the objects themselves. */
export class MemoryCacheStore implements CacheStore {
  private readonly lru: LRUCache<string, StoredResponse>;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {
    this.lru = new LRUCache<string, StoredResponse>({ maxSize: maxBytes, sizeCalculation: (v) => Math.max(1, v.body.length), ttlAutopurge: false });
  }

  async get(key: string) {
    return this.lru.get(key);
  }

  async set(key: string, value: StoredResponse, ttlMs: number) {
    if (value.body.length < this.maxBytes) this.lru.set(key, value, { ttl: Math.max(1, ttlMs) });
  }

  async close() {
    this.lru.clear();
  }
}

/** Redis (REDIS_URL): every process reads what any process cached, as a hash. Failures degrade to a miss. */
export class RedisCacheStore implements CacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'congress-cache:',
  ) {}

  async get(key: string) {
    try {
      const [body, contentType, etag, expiresAt] = await this.redis.hmget(this.prefix + key, 'body', 'contentType', 'etag', 'expiresAt');
      if (body === null || contentType === null || etag === null) return undefined;
      return { body, contentType, etag, ...(expiresAt ? { expiresAt: Number(expiresAt) } : {}) };
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: StoredResponse, ttlMs: number) {
    try {
      await this.redis
        .multi()
        .hset(this.prefix + key, {
          body: value.body,
          contentType: value.contentType,
          etag: value.etag,
          ...(value.expiresAt === undefined ? {} : { expiresAt: String(value.expiresAt) }),
        })
        .pexpire(this.prefix + key, Math.max(1, Math.floor(ttlMs)))
        .exec();
    } catch {
      // a cache that cannot write is a cache that misses
    }
  }

  async close() {
    await this.redis.quit().catch(() => undefined);
  }
}
