import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { typeormOptions } from '../../src/database/typeorm-options.js';

/**
 * The database goes away while writes are running, and comes back on the same data folder and port:
 * the service answers 503 DATABASE_UNAVAILABLE with Retry-After (never a 500, never a crash),
 * recovers by itself, and every registration it acknowledged (201) is in the database afterwards.
 * Its own embedded PostgreSQL, so stopping it disturbs no other test.
 */
describe('the database goes away under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'congress-outage-pg-'));
  let port: number;
  let server: EmbeddedPostgres | undefined;
  let app: NestFastifyApplication;
  let url: string;
  let eventId: string;
  let registrants: { id: string; token: string }[];

  beforeAll(async () => {
    port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port, database: 'congress' });
    url = server.url;
    const ds = new DataSource(typeormOptions(url, 2));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    app = await createApp({
      logger: false,
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: url,
        SEED_DEMO: 'false',
        AUTH_RATE_LIMIT_PER_MINUTE: '100000',
        LOG_LEVEL: 'silent',
        REDIS_URL: '',
        WEBHOOKS_DISPATCH_INTERVAL_MS: '0',
      },
    });
    await app.getHttpAdapter().getInstance().ready();
    // An open edition with room for everyone, and registrants signed in with the app's own keys.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const [edition] = (
      await client.query(
        `INSERT INTO events (slug, title, city, venue, starts_on, ends_on, time_zone, format, capacity_in_person, registration_opens_at, registration_closes_at, published_at)
         VALUES ('outage', '{"en":"Outage"}', 'Jinan', 'Hall', current_date + 30, current_date + 34, 'Asia/Shanghai', 'hybrid', 100000,
                 now() - interval '1 day', now() + interval '30 days', now()) RETURNING id`,
      )
    ).rows;
    eventId = edition.id;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, name) SELECT 'outage-' || i || '@example.org', 'not-a-hash', 'Registrant ' || i FROM generate_series(1, 1200) AS i RETURNING id`,
    );
    await client.end();
    const jwt = app.get(JwtService);
    registrants = await Promise.all(rows.map(async (r) => ({ id: r.id, token: await jwt.signAsync({ sub: r.id }, { expiresIn: 3600 }) })));
  }, 120000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down, recovers by itself, and loses no acknowledged registration', async () => {
    const http = () => request(app.getHttpServer());
    const acknowledged: string[] = [];
    const unexpected: { status: number; body: unknown }[] = [];
    let unavailable = 0;
    let n = 0;
    const register = async () => {
      const who = registrants[n++ % registrants.length];
      const res = await http().post(`/api/v1/events/${eventId}/registrations`).set('Authorization', `Bearer ${who.token}`).send({ mode: 'in_person' });
      if (res.status === 201) acknowledged.push(res.body.id);
      else if (res.status === 503 && res.body.code === 'DATABASE_UNAVAILABLE' && Number(res.headers['retry-after']) > 0 && res.body.statusCode === 503) unavailable++;
      else unexpected.push({ status: res.status, body: res.body });
      return res.status;
    };
    /** Four writers at a time until `until()` holds (bounded in count and time). */
    const writeUntil = async (until: () => boolean, maxRequests: number, maxMs: number) => {
      const deadline = Date.now() + maxMs;
      let sent = 0;
      const writer = async () => {
        while (!until() && sent < maxRequests && Date.now() < deadline && n < registrants.length) {
          sent++;
          await register();
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
    };

    // 1. Writes succeed.
    await writeUntil(() => acknowledged.length >= 8, 100, 20000);
    expect(acknowledged.length).toBeGreaterThanOrEqual(8);

    // 2. Stop the database while writes are in flight.
    const before = acknowledged.length;
    const running = writeUntil(() => unavailable >= 6, 400, 30000);
    await new Promise((r) => setTimeout(r, 50));
    await server!.stop();
    await running;
    expect(unexpected).toEqual([]);
    expect(unavailable).toBeGreaterThanOrEqual(6);
    const health = await http().get('/health');
    expect(health.status).toBe(503);

    // 3. The database returns on the same folder and port; the service recovers without help.
    server = await startEmbeddedPostgres({ dataDir, port, database: 'congress' });
    const afterOutage = acknowledged.length;
    await writeUntil(() => acknowledged.length >= afterOutage + 4, 400, 40000);
    expect(acknowledged.length).toBeGreaterThanOrEqual(afterOutage + 4);
    expect(unexpected).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(before);
    expect((await http().get('/health')).status).toBe(200);

    // 4. Every acknowledged write is there.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM registrations WHERE event_id = $1 AND id = ANY ($2::uuid[])`, [eventId, acknowledged]);
      expect(rows.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
    } finally {
      await client.end();
    }
  }, 150000);
});
