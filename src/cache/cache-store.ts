import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';

/** Where cached public responses live: this process's memory, or Redis shared by all processes. */
export interface CacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A bounded LRU in this process (up to `maxBytes` of cached bodies). */
export class MemoryCacheStore implements CacheStore {
  private readonly lru: LRUCache<string, string>;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.lru = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (v) => Math.max(1, v.length), ttlAutopurge: false });
  }

  async get(key: string) {
    return this.lru.get(key);
  }

  async set(key: string, value: string, ttlMs: number) {
    if (value.length < 64 * 1024 * 1024) this.lru.set(key, value, { ttl: Math.max(1, ttlMs) });
  }

  async close() {
    this.lru.clear();
  }
}

/** Redis (REDIS_URL): every process reads what any process cached. Failures degrade to a miss. */
export class RedisCacheStore implements CacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'congress-cache:',
  ) {}

  async get(key: string) {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, ttlMs: number) {
    try {
      await this.redis.set(this.prefix + key, value, 'PX', Math.max(1, Math.floor(ttlMs)));
    } catch {
      // a cache that cannot write is a cache that misses
    }
  }

  async close() {
    await this.redis.quit().catch(() => undefined);
  }
}
