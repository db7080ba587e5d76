import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { Clock } from '../common/clock.js';
import type { EnvironmentVariables } from '../config/env.validation.js';

/** Where failed sign-ins are counted: Redis (all processes share the count) or this process's memory. */
interface FailureStore {
  /** Adds one attempt to `key`'s window (opened by the first attempt); returns the count and the seconds left. */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; retryAfterSeconds: number }>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

class MemoryStore implements FailureStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  async hit(key: string, windowMs: number, now: number) {
    if (this.windows.size > 100_000) for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
    const current = this.windows.get(key);
    const window = current && current.endsAt > now ? current : { count: 0, endsAt: now + windowMs };
    window.count++;
    this.windows.set(key, window);
    return { count: window.count, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)) };
  }

  async reset(key: string) {
    this.windows.delete(key);
  }

  async close() {}
}

class RedisStore implements FailureStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  async hit(key: string, windowMs: number) {
    // One round trip, atomic: count, open the window on the first attempt, read what is left of it.
    const k = this.prefix + key;
    const [, [, count], [, ttl]] = (await this.redis.multi().set(k, 0, 'PX', windowMs, 'NX').incr(k).pttl(k).exec()) as [unknown, [unknown, number], [unknown, number]];
    return { count, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }

  async reset(key: string) {
    await this.redis.del(this.prefix + key);
  }

  async close() {
    await this.redis.quit().catch(() => undefined);
  }
}

/**
 * Failed sign-ins per account AND client address: after LOGIN_MAX_FAILURES within
 * LOGIN_FAILURE_WINDOW_SECONDS, that client's further attempts for that account are refused until the
 * window ends. Counted per client so that an attacker elsewhere cannot lock the owner out, and the
 * window is short so a shared address is not locked out for long. A success clears the count.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly store: FailureStore;
  private readonly max: number;
  private readonly windowMs: number;

  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    private readonly clock: Clock,
  ) {
    this.max = config.get('LOGIN_MAX_FAILURES', { infer: true });
    this.windowMs = config.get('LOGIN_FAILURE_WINDOW_SECONDS', { infer: true }) * 1000;
    const redisUrl = config.get('REDIS_URL', { infer: true });
    this.store = redisUrl
      ? new RedisStore(new Redis(redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1 }), `${config.get('RATE_LIMIT_NAMESPACE', { infer: true })}login:`)
      : new MemoryStore();
  }

  /** The key of an account (normalised email, hashed: no address in Redis) and a client. */
  key(email: string, client: string): string {
    return createHash('sha256').update(`${email.trim().toLowerCase()}\n${client}`).digest('base64url');
  }

  /**
   * Counts an attempt before the password is checked (so that attempts fired at once are counted
   * at once): null while within the limit, else the seconds until the window ends.
   */
  async attempt(key: string): Promise<number | null> {
    try {
      const { count, retryAfterSeconds } = await this.store.hit(key, this.windowMs, this.clock.now().getTime());
      return count > this.max ? retryAfterSeconds : null;
    } catch (error) {
      // Redis unreachable: sign-ins go on (the per-address limit still holds), as @fastify/rate-limit's skipOnError.
      this.logger.warn(`failed sign-ins not counted: ${(error as Error).message}`);
      return null;
    }
  }

  /** A correct password: the count starts again. */
  async succeeded(key: string): Promise<void> {
    await this.store.reset(key).catch(() => undefined);
  }

  async onModuleDestroy() {
    await this.store.close();
  }
}
