import { Redis } from 'ioredis';
import type { DeviceState, Viewer } from './audience.repository.js';

export const minuteOf = (at: Date): number => Math.floor(at.getTime() / 60000);
export const minuteDate = (minute: number): Date => new Date(minute * 60000);

/** How long presence keys live in Redis without a flush (a database outage up to this long loses nothing). */
const KEEP_SECONDS = 6 * 3600;

/**
 * One heartbeat, atomically: refused unless the device key says 'active'; else the registrant joins
 * the minute's set (a repeated beat in the same minute changes nothing), the minute is listed for
 * the session's flush, and the session for the edition's live counts.
 * KEYS: device, minute set, session's minutes, sessions. ARGV: member, minute, keep seconds, session member.
 */
const BEAT = `
local s = redis.call('GET', KEYS[1])
if not s then return 'unknown' end
if s ~= 'active' then return s end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[3])
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[4])
return 'active'`;

/** Drops a session from the list when it has nothing left to flush and no beat came since `last`. KEYS: sessions, session's minutes. ARGV: member, last. */
const FORGET = `
if redis.call('ZCARD', KEYS[2]) == 0 and tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '-1') <= tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return 1`;

type BeatRedis = Redis & {
  audienceBeat(device: string, set: string, minutes: string, sessions: string, member: string, minute: number, keep: number, session: string): Promise<string>;
  audienceForget(sessions: string, minutes: string, member: string, last: number): Promise<number>;
};

/** Presence in Redis (REDIS_URL): shared by every process; flushed to PostgreSQL minute by minute. */
export class RedisPresenceStore {
  readonly redis: BeatRedis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 1000, enableOfflineQueue: true }) as BeatRedis;
    this.redis.on('error', () => undefined); // reconnects by itself; requests meanwhile fail and answer 503
    this.redis.defineCommand('audienceBeat', { numberOfKeys: 4, lua: BEAT });
    this.redis.defineCommand('audienceForget', { numberOfKeys: 2, lua: FORGET });
  }

  private session(eventId: string, sessionId: string) {
    return `${eventId}:${sessionId}`;
  }

  /** undefined: the device is not known here (never seen, or Redis restarted): ask the database and setDevice. */
  async record(device: string, eventId: string, sessionId: string, minute: number, viewer: Viewer): Promise<DeviceState | undefined> {
    const s = this.session(eventId, sessionId);
    const p = this.prefix;
    const state = await this.redis.audienceBeat(`${p}dev:${device}`, `${p}m:${s}:${minute}`, `${p}mins:${s}`, `${p}sessions`, `${viewer.registrationId}:${viewer.userId}`, minute, KEEP_SECONDS, s);
    return state === 'unknown' ? undefined : (state as DeviceState);
  }

  async setDevices(states: { id: string; state: DeviceState }[]): Promise<void> {
    if (!states.length) return;
    const m = this.redis.multi();
    for (const { id, state } of states) m.set(`${this.prefix}dev:${id}`, state, 'EX', KEEP_SECONDS);
    await m.exec();
  }

  /** The sessions with presence kept here, and the last minute a beat came for each. */
  async sessions(): Promise<{ eventId: string; sessionId: string; last: number }[]> {
    const flat = await this.redis.zrange(`${this.prefix}sessions`, 0, -1, 'WITHSCORES');
    const out: { eventId: string; sessionId: string; last: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const [eventId, sessionId] = flat[i].split(':');
      out.push({ eventId, sessionId, last: Number(flat[i + 1]) });
    }
    return out;
  }

  /** A session's minutes before `before` still to flush, oldest first. */
  async closedMinutes(eventId: string, sessionId: string, before: number): Promise<number[]> {
    return (await this.redis.zrangebyscore(`${this.prefix}mins:${this.session(eventId, sessionId)}`, '-inf', `(${before}`)).map(Number);
  }

  async viewers(eventId: string, sessionId: string, minute: number): Promise<Viewer[]> {
    const members = await this.redis.smembers(`${this.prefix}m:${this.session(eventId, sessionId)}:${minute}`);
    return members.map((m) => {
      const [registrationId, userId] = m.split(':');
      return { registrationId, userId };
    });
  }

  /** The minute is in PostgreSQL: forget it here. */
  async flushed(eventId: string, sessionId: string, minute: number): Promise<void> {
    const s = this.session(eventId, sessionId);
    await this.redis.multi().zrem(`${this.prefix}mins:${s}`, String(minute)).del(`${this.prefix}m:${s}:${minute}`).exec();
  }

  async forgetIfIdle(eventId: string, sessionId: string, last: number): Promise<void> {
    const s = this.session(eventId, sessionId);
    await this.redis.audienceForget(`${this.prefix}sessions`, `${this.prefix}mins:${s}`, s, last);
  }

  /** Viewers per session of the edition in the given minutes (those not flushed yet). */
  async counts(eventId: string, minutes: number[]): Promise<{ sessionId: string; minute: number; viewers: number }[]> {
    const sessions = (await this.sessions()).filter((s) => s.eventId === eventId);
    if (!sessions.length) return [];
    const m = this.redis.multi();
    for (const s of sessions) for (const minute of minutes) m.scard(`${this.prefix}m:${this.session(eventId, s.sessionId)}:${minute}`);
    const results = (await m.exec()) ?? [];
    const out: { sessionId: string; minute: number; viewers: number }[] = [];
    let i = 0;
    for (const s of sessions) for (const minute of minutes) out.push({ sessionId: s.sessionId, minute, viewers: Number(results[i++]?.[1] ?? 0) });
    return out;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
