import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { buildOpenApiDocument } from '../../src/openapi.js';
import { ContractValidator, type OpenApiDocument } from '../setup/contract.js';
import { PresenceService } from '../../src/audience/presence.service.js';
import { Clock } from '../../src/common/clock.js';
import { makeAdmin, type TestUser } from '../factories/index.js';
import { makeOpenEdition, makeRoom, makeSession } from '../factories/registrations.js';
import { createTestDatabase } from '../setup/test-database.js';
import type { TestApp } from '../setup/test-app.js';
import { TestRedis } from '../support/redis-server.js';
import { makeOnlineRegistrants } from '../factories/audience.js';

/**
 * Two instances of the service on one database and one redis-server that this test starts (and
 * kills): 1,000 viewers' beats spread over both give exact per-minute and per-attendee counts, and a
 * Redis restart mid-session loses at most the minute in progress. Both instances' clocks are set
 * together (the server's clock decides the minute).
 */
describe('online audience over Redis, two service instances', () => {
  let redis: TestRedis;
  let database: { url: string; drop(): Promise<void> };
  let apps: TestApp[];
  let eventId: string;
  const VIEWERS = 1000;

  const setClock = (at: Date) => apps.forEach((a) => a.app.get(Clock).set(at));
  const flushBoth = () => Promise.all(apps.map((a) => a.app.get(PresenceService).flush()));
  const beat = (a: TestApp, session: string, token: string) => a.http().post(`/api/v1/sessions/${session}/presence`).set('X-Stream-Token', token).send();
  /** Runs `fn` over `items`, `width` at a time. */
  async function pool<T, R>(items: T[], width: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < items.length) {
          const i = next++;
          out[i] = await fn(items[i], i);
        }
      }),
    );
    return out;
  }

  beforeAll(async () => {
    redis = await TestRedis.start();
    database = await createTestDatabase();
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SEED_DEMO: 'false',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'silent',
      REDIS_URL: redis.url,
      RATE_LIMIT_NAMESPACE: `rl-${redis.port}:`,
      AUDIENCE_REDIS_PREFIX: `aud-${redis.port}:`,
      AUDIENCE_FLUSH_INTERVAL_MS: '0',
      STREAM_TOKEN_TTL_SECONDS: '3600',
      WEBHOOKS_DISPATCH_INTERVAL_MS: '0',
      DATABASE_POOL_SIZE: '4',
      JWT_SECRET: `audience-test-${redis.port}-${Math.random().toString(36).slice(2)}`,
    };
    apps = [];
    for (let i = 0; i < 2; i++) {
      const app: NestFastifyApplication = await createApp({ logger: false, env });
      await app.getHttpAdapter().getInstance().ready();
      const contract = new ContractValidator(buildOpenApiDocument(app) as unknown as OpenApiDocument, true);
      apps.push({ app, http: () => request(app.getHttpServer()), db: app.get(DataSource), contract, databaseUrl: database.url, close: () => app.close() });
    }
    const admin: TestUser = await makeAdmin(apps[0]);
    eventId = (await makeOpenEdition(apps[0], admin)).id;
  }, 60000);

  afterAll(async () => {
    for (const a of apps ?? []) await a.close().catch(() => undefined);
    await database?.drop();
    await redis?.kill();
  });

  it('counts 1,000 viewers beating on both instances exactly: concurrent and unique per minute, watched minutes per attendee', async () => {
    const [a, b] = apps;
    const channel = await makeRoom(a, eventId, { kind: 'channel', streamUrl: 'https://live.example/a' });
    const session = await makeSession(a, eventId, { format: 'online', channelId: channel, startsAt: '2025-09-10T01:00:00Z', endsAt: '2025-09-10T03:00:00Z' });
    const base = Date.parse('2025-09-10T01:00:00Z');
    const when = (m: number, s: number) => new Date(base + m * 60000 + s * 1000);
    setClock(when(0, 1));
    const viewers = await makeOnlineRegistrants(a, eventId, VIEWERS);
    const tokens = await pool(viewers, 16, async (v, i) => {
      const res = await (i % 2 ? b : a).http().post(`/api/v1/sessions/${session}/stream-token`).set(v.auth).send({ deviceId: `p-${i}` });
      expect(res.status).toBe(201);
      return res.body.token as string;
    });
    // JWKS of both instances agree (one key, shared through the database).
    const [ka, kb] = await Promise.all([a.http().get('/api/v1/.well-known/jwks.json'), b.http().get('/api/v1/.well-known/jwks.json')]);
    expect(ka.body).toEqual(kb.body);
    // Viewer i watches minute m when (i + m) % 4 != 0, beating twice a minute, on alternating instances.
    const watches = (i: number, m: number) => (i + m) % 4 !== 0;
    const MINUTES = 3;
    for (let m = 0; m < MINUTES; m++) {
      for (const s of [5, 35]) {
        setClock(when(m, s));
        const watching = viewers.map((_, i) => i).filter((i) => watches(i, m));
        const statuses = await pool(watching, 32, async (i, k) => (await beat((i + k + s) % 2 ? a : b, session, tokens[i])).status);
        expect(statuses.every((st) => st === 204)).toBe(true);
      }
    }
    setClock(when(MINUTES, 0));
    await flushBoth(); // both instances flush the same minutes at once: each minute is written once
    await flushBoth();
    const minutes = await a.db.query(`SELECT minute, viewers FROM audience_minutes WHERE session_id = $1 ORDER BY minute`, [session]);
    const expected = Array.from({ length: MINUTES }, (_, m) => ({ minute: when(m, 0), viewers: viewers.filter((_, i) => watches(i, m)).length }));
    expect(minutes).toEqual(expected);
    expect(expected.map((e) => e.viewers)).toEqual([750, 750, 750]);
    const watch: { registration_id: string; minutes: number }[] = await a.db.query(`SELECT registration_id, minutes FROM audience_watch WHERE session_id = $1`, [session]);
    const byReg = new Map(watch.map((r) => [r.registration_id, r.minutes]));
    const want = viewers.map((_, i) => Array.from({ length: MINUTES }, (__, m) => (watches(i, m) ? 1 : 0) as number).reduce((x, y) => x + y, 0));
    expect(viewers.map((v) => byReg.get(v.registrationId) ?? 0)).toEqual(want);
    expect(watch).toHaveLength(VIEWERS); // every viewer watched at least one of the three minutes
    // Redis keeps nothing of the closed minutes.
    const r = new (await import('ioredis')).Redis(redis.url);
    expect(await r.keys(`aud-${redis.port}:m:*`)).toEqual([]);
    await r.quit();
  }, 240000);

  it('a Redis restart mid-session loses at most the minute in progress', async () => {
    const [a, b] = apps;
    const channel = await makeRoom(a, eventId, { kind: 'channel', streamUrl: 'https://live.example/b' });
    const session = await makeSession(a, eventId, { format: 'online', channelId: channel, startsAt: '2025-09-11T01:00:00Z', endsAt: '2025-09-11T03:00:00Z' });
    const base = Date.parse('2025-09-11T01:00:00Z');
    const when = (m: number, s: number) => new Date(base + m * 60000 + s * 1000);
    setClock(when(0, 1));
    const viewers = await makeOnlineRegistrants(a, eventId, 40);
    const tokens = await pool(viewers, 8, async (v, i) => (await (i % 2 ? b : a).http().post(`/api/v1/sessions/${session}/stream-token`).set(v.auth).send({ deviceId: 'tv' })).body.token as string);
    // A device pushed out before the restart stays refused after it (its state is re-read from PostgreSQL).
    const pushedOwner = viewers[0];
    const pushed = tokens[0];
    await a.http().post(`/api/v1/sessions/${session}/stream-token`).set(pushedOwner.auth).send({ deviceId: 'phone' }).expect(201);
    await a.http().post(`/api/v1/sessions/${session}/stream-token`).set(pushedOwner.auth).send({ deviceId: 'laptop' }).expect(201);
    const all = async (at: Date, who: number[]) => {
      setClock(at);
      return pool(who, 16, async (i) => (await beat(i % 2 ? a : b, session, tokens[i])).status);
    };
    const others = viewers.map((_, i) => i).slice(1);
    // Minute 0: everyone; minute 1 starts, and is flushed for minute 0.
    expect(new Set(await all(when(0, 10), others))).toEqual(new Set([204]));
    setClock(when(1, 2));
    await flushBoth();
    // Minute 1: everyone beats at :10, then Redis dies and comes back empty.
    expect(new Set(await all(when(1, 10), others))).toEqual(new Set([204]));
    await redis.kill();
    const down = await beat(a, session, tokens[1]);
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('PRESENCE_UNAVAILABLE');
    await redis.up();
    // After the restart the minute goes on: the first half beats again at :40 (ioredis reconnects by itself).
    setClock(when(1, 40));
    const firstHalf = others.slice(0, 20);
    const deadline = Date.now() + 20000;
    let statuses: number[] = [];
    do {
      statuses = await all(when(1, 40), firstHalf);
      if (statuses.every((s) => s === 204)) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);
    expect(new Set(statuses)).toEqual(new Set([204]));
    expect((await beat(a, session, pushed)).body.code).toBe('STREAM_DEVICE_PUSHED_OUT');
    // Minute 2: everyone again.
    expect(new Set(await all(when(2, 10), others))).toEqual(new Set([204]));
    setClock(when(3, 0));
    await flushBoth();
    const minutes: { minute: Date; viewers: number }[] = await a.db.query(`SELECT minute, viewers FROM audience_minutes WHERE session_id = $1 ORDER BY minute`, [session]);
    // Minute 0 was flushed before the restart and is whole; minute 1 (in progress at the restart)
    // keeps only the beats after it; minute 2 is whole again.
    expect(minutes).toEqual([
      { minute: when(0, 0), viewers: 39 },
      { minute: when(1, 0), viewers: 20 },
      { minute: when(2, 0), viewers: 39 },
    ]);
  }, 120000);
});
