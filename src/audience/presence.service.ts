import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { AudienceRepository, type DeviceState, type PendingMinute, type Viewer } from './audience.repository.js';
import type { LiveCountsDto, OnlineStatsDto, WatchRecordDto } from './audience.dto.js';
import { PRESENCE_REDIS } from './presence-store.provider.js';
import { minuteDate, minuteOf, type RedisPresenceStore } from './redis-presence.store.js';
import type { StreamClaims } from './stream-access.service.js';
import { StreamKeysService } from './stream-keys.service.js';

const REFUSED: Record<Exclude<DeviceState, 'active'>, () => DomainError> = {
  pushed_out: () => new DomainError('STREAM_DEVICE_PUSHED_OUT', 'A newer device of this registration took this device’s place'),
  cancelled: () => new DomainError('STREAM_TOKEN_REVOKED', 'The registration was cancelled'),
};
const invalid = () => new DomainError('STREAM_TOKEN_INVALID', 'The X-Stream-Token header is missing, malformed, expired or not for this session');

/** A Redis failure (down, restarting) reads as 503 PRESENCE_UNAVAILABLE: the player retries its beat. */
async function unavailableAs503<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new DomainError('PRESENCE_UNAVAILABLE', `The presence store is unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Heartbeats of the players. Each beat counts its registrant once in the server's current minute of
 * the session (a repeated or late beat in a minute changes nothing), in Redis when REDIS_URL is set,
 * else in PostgreSQL's staging rows. The flush writes each closed minute once: the session's
 * concurrent viewers (audience_minutes) and one more watched minute for each viewer
 * (audience_watch), in one transaction, so a minute is never counted twice.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Presence');
  private readonly sessionTimes = new LRUCache<string, { eventId: string; startsAt: number; endsAt: number }>({ max: 5000, ttl: 15000 });
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AudienceRepository,
    private readonly keys: StreamKeysService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    @Inject(PRESENCE_REDIS) private readonly redis: RedisPresenceStore | null,
  ) {}

  onApplicationBootstrap() {
    const every = this.config.get('AUDIENCE_FLUSH_INTERVAL_MS', { infer: true });
    if (every > 0) {
      this.timer = setInterval(() => void this.flush().catch((e: unknown) => this.log.warn(`flush failed, kept for the next one: ${String(e)}`)), every);
      this.timer.unref();
    }
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.flushing?.catch(() => undefined);
    await this.redis?.close();
  }

  /** One heartbeat of a player (204), or the documented refusal. */
  async beat(sessionId: string, token: string | undefined): Promise<void> {
    const now = this.clock.now();
    const payload = token ? await this.keys.verify(token, now) : undefined;
    const c = payload as Partial<StreamClaims> & { sub?: string };
    if (!c || c.sid !== sessionId || !c.eid || !c.reg || !c.jti || !c.sub) throw invalid();
    const session = await this.times(sessionId);
    if (!session || session.eventId !== c.eid) throw invalid();
    if (now.getTime() < session.startsAt || now.getTime() >= session.endsAt) throw new DomainError('SESSION_NOT_LIVE', 'The session is not running');
    const viewer: Viewer = { registrationId: c.reg, userId: c.sub };
    const minute = minuteOf(now);
    let state: DeviceState | undefined;
    if (this.redis) {
      const redis = this.redis;
      state = await unavailableAs503(() => redis.record(c.jti!, c.eid!, sessionId, minute, viewer));
      if (state === undefined) {
        // Not known to Redis (a restart, or the key expired): the database says, and Redis learns it.
        const known = await this.repo.deviceState(c.jti);
        if (!known) throw invalid();
        await unavailableAs503(() => redis.setDevices([{ id: c.jti!, state: known }]));
        state = await unavailableAs503(() => redis.record(c.jti!, c.eid!, sessionId, minute, viewer));
      }
    } else {
      state = await this.repo.recordPending(c.jti, c.eid, sessionId, minuteDate(minute), viewer);
    }
    if (!state) throw invalid();
    if (state !== 'active') throw REFUSED[state]();
  }

  private async times(sessionId: string) {
    let t = this.sessionTimes.get(sessionId);
    if (!t) {
      const s = await this.sessions.place(sessionId);
      if (!s) return undefined;
      t = { eventId: s.eventId, startsAt: s.startsAt.getTime(), endsAt: s.endsAt.getTime() };
      this.sessionTimes.set(sessionId, t);
    }
    return t;
  }

  /** Writes every closed minute (before the server's current minute) to PostgreSQL; one at a time per process. */
  flush(): Promise<void> {
    this.flushing ??= this.flushClosed().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushClosed(): Promise<void> {
    const current = minuteOf(this.clock.now());
    if (this.redis) {
      for (const s of await this.redis.sessions()) {
        for (const minute of await this.redis.closedMinutes(s.eventId, s.sessionId, current)) {
          const viewers = await this.redis.viewers(s.eventId, s.sessionId, minute);
          if (viewers.length) await this.write({ eventId: s.eventId, sessionId: s.sessionId, minute: minuteDate(minute) }, viewers);
          await this.redis.flushed(s.eventId, s.sessionId, minute);
        }
        if (s.last < current) await this.redis.forgetIfIdle(s.eventId, s.sessionId, s.last);
      }
    } else {
      for (const m of await this.repo.pendingMinutes(minuteDate(current))) {
        await this.db.transaction(async (em) => {
          const viewers = await this.repo.pendingViewers(m, em);
          if (viewers.length && (await this.repo.insertMinute(m, viewers.length, em))) await this.repo.addWatchedMinute(m, viewers, em);
          await this.repo.deletePending(m, em);
        });
      }
    }
    const days = this.config.get('AUDIENCE_RETENTION_DAYS', { infer: true });
    await this.repo.purgeBefore(new Date(this.clock.now().getTime() - days * 86400000));
  }

  /** A closed minute, once: its concurrent viewers, and a watched minute for each. */
  private async write(m: PendingMinute, viewers: Viewer[]): Promise<void> {
    await this.db.transaction(async (em) => {
      if (await this.repo.insertMinute(m, viewers.length, em)) await this.repo.addWatchedMinute(m, viewers, em);
    });
  }

  /** The attendee's own watch record in an edition (nobody else's). */
  async ownRecord(eventId: string, userId: string): Promise<WatchRecordDto[]> {
    return (await this.repo.watchOfUser(eventId, userId)).map((r) => ({ sessionId: r.sessionId, minutes: r.minutes, firstMinute: r.firstMinute.toISOString(), lastMinute: r.lastMinute.toISOString() }));
  }

  /** Verified watch minutes of a registrant in a session (for online CME). */
  watchedMinutes(eventId: string, sessionId: string, userId: string): Promise<number> {
    return this.repo.watchedMinutes(eventId, sessionId, userId);
  }

  /** The edition's online audience as aggregates (no person named). */
  async stats(eventId: string, timeZone: string): Promise<OnlineStatsDto> {
    const [totals, sessions, days, watchedMinutes] = await Promise.all([
      this.repo.totals(eventId),
      this.repo.sessionAudience(eventId),
      this.repo.uniqueByDay(eventId, timeZone),
      this.repo.minutesDistribution(eventId),
    ]);
    return { uniqueViewers: totals.uniqueViewers, peakConcurrent: totals.peakConcurrent, peakAt: totals.peakAt?.toISOString() ?? null, sessions, days, watchedMinutes };
  }

  /** Viewers now, per session of the edition and in total: the minute in progress and the last closed minute. */
  async live(eventId: string): Promise<LiveCountsDto> {
    const now = this.clock.now();
    const current = minuteOf(now);
    const counts = this.redis
      ? await this.redis.counts(eventId, [current, current - 1])
      : (await this.repo.pendingCounts(eventId, [minuteDate(current), minuteDate(current - 1)])).map((r) => ({ ...r, minute: minuteOf(r.minute) }));
    const flushed = await this.repo.minuteCounts(eventId, minuteDate(current - 1));
    const bySession = new Map<string, { current: number; lastMinute: number }>();
    const entry = (id: string) => {
      let e = bySession.get(id);
      if (!e) bySession.set(id, (e = { current: 0, lastMinute: 0 }));
      return e;
    };
    for (const f of flushed) entry(f.sessionId).lastMinute = f.viewers;
    for (const c of counts) {
      if (c.minute === current) entry(c.sessionId).current = c.viewers;
      else if (c.viewers) entry(c.sessionId).lastMinute = Math.max(entry(c.sessionId).lastMinute, c.viewers);
    }
    const sessions = [...bySession].filter(([, v]) => v.current || v.lastMinute).map(([sessionId, v]) => ({ sessionId, ...v })).sort((a, b) => a.sessionId.localeCompare(b.sessionId));
    return {
      at: now.toISOString(),
      minute: minuteDate(current).toISOString(),
      total: { current: sessions.reduce((n, s) => n + s.current, 0), lastMinute: sessions.reduce((n, s) => n + s.lastMinute, 0) },
      sessions,
    };
  }
}
