import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { PublicCache } from '../../src/cache/public-cache.service.js';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { typeormOptions } from '../../src/database/typeorm-options.js';

/**
 * The public cache's LISTEN connection through a 15 s database outage (its own embedded
 * PostgreSQL, stopped and started on the same folder and port): one reconnect path with capped
 * exponential backoff, so a handful of attempts and, once the database is back, exactly one
 * listener connection; /health and cached reads recover by themselves.
 */
describe('the cache listener through a database outage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'congress-listener-pg-'));
  let port: number;
  let server: EmbeddedPostgres | undefined;
  let app: NestFastifyApplication;
  let eventId: string;

  const listenerConnections = async () => {
    const client = new pg.Client({ connectionString: server!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'congress-cache-listener'`);
      return rows[0].n;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port, database: 'congress' });
    const ds = new DataSource(typeormOptions(server.url, 2));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    [{ id: eventId }] = await ds.query(
      `INSERT INTO events (slug, title, city, venue, starts_on, ends_on, time_zone, format, published_at)
       VALUES ('listener', '{"en":"Listener"}', 'Jinan', 'Hall', current_date + 30, current_date + 34, 'Asia/Shanghai', 'hybrid', now()) RETURNING id`,
    );
    await ds.destroy();
    app = await createApp({
      logger: false,
      env: { NODE_ENV: 'test', DATABASE_URL: server.url, SEED_DEMO: 'false', LOG_LEVEL: 'silent', REDIS_URL: '', WEBHOOKS_DISPATCH_INTERVAL_MS: '0' },
    });
    await app.getHttpAdapter().getInstance().ready();
  }, 120000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('retries a few times with backoff while PostgreSQL is down, then holds one listener and serves cached reads again', async () => {
    const http = () => request(app.getHttpServer());
    const cache = app.get(PublicCache);
    const programme = `/api/v1/events/${eventId}/programme`;
    await http().get(programme).expect(200);
    await http().get(programme).expect(200);
    expect(cache.stats.get('programme')).toEqual({ hits: 1, misses: 1 });
    expect(await listenerConnections()).toBe(1);

    const before = { ...cache.listenerStats };
    await server!.stop();
    await new Promise((r) => setTimeout(r, 15000)); // the outage
    const duringOutage = cache.listenerStats.attempts - before.attempts;
    expect((await http().get('/health')).status).toBe(503);

    server = await startEmbeddedPostgres({ dataDir, port, database: 'congress' });
    // Recovery without help: bounded wait for /health and the listener (its backoff is capped at 10 s).
    const deadline = Date.now() + 30000;
    while ((cache.listenerStats.connects === before.connects || (await http().get('/health')).status !== 200) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await http().get('/health')).status).toBe(200);
    expect(cache.listenerStats.connects).toBe(before.connects + 1);

    // Backoff 0.5 s, 1 s, 2 s … capped at 10 s, with jitter: at most 8 attempts in 15 s (the old
    // loop doubled its retries on every failure: thousands).
    expect(duringOutage).toBeGreaterThanOrEqual(2);
    expect(duringOutage).toBeLessThanOrEqual(8);
    expect(await listenerConnections()).toBe(1);

    // Cached reads work again: nothing changed meanwhile (the content version read on reconnect is
    // the one before), so the entry cached before the outage is still current.
    const stats = { ...cache.stats.get('programme')! };
    await http().get(programme).expect(200);
    await http().get(programme).expect(200);
    expect(cache.stats.get('programme')).toEqual({ hits: stats.hits + 2, misses: stats.misses });
    // Still one listener a little later: no surplus client was left behind to reconnect on its own.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await listenerConnections()).toBe(1);
  }, 120000);
});
