import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { freePort } from '../../src/database/embedded-postgres.js';
import { typeormOptions } from '../../src/database/typeorm-options.js';
import { generateSyntheticEdition } from '../../src/seed/synthetic.js';
import { createTestDatabase } from '../setup/test-database.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One GET with raw bytes (no decoding, so the coding on the wire is what we see). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false, timeout: 60000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const waitFor = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Replica {
  name: string;
  port: number;
  metricsPort: number;
  child: ChildProcess;
  output: () => string;
}

/** The replica's cache misses (= builds) of the programme, from its metrics. */
async function builds(r: Replica): Promise<number> {
  const text = (await get(r.metricsPort, '/metrics')).body.toString();
  const m = /^public_cache_misses_total\{kind="programme"\} (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * A cache the replicas share: three service processes (the built dist-test/main.js) on one
 * PostgreSQL and one redis-server started here on a free port. B and C answer what A built without
 * a statement (checked in pg_stat_activity, where each replica's pool names itself); fifty first
 * requests spread over the three build once; after a change every replica serves the new version
 * within one second.
 */
describe('a public cache shared by replicas', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: ChildProcess | undefined;
  const replicas: Replica[] = [];
  let eventId: string;
  let admin: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    const ds = new DataSource(typeormOptions(database.url, 2));
    await ds.initialize();
    eventId = (await generateSyntheticEdition(ds, { sessions: 40, speakers: 200, slug: 'replicas' })).eventId;
    await ds.destroy();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();

    const redisPort = await freePort();
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = new net.Socket();
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
        s.connect(redisPort, '127.0.0.1');
      }).catch(() => false);
      if (up) break;
      await waitFor(50);
    }

    for (const name of ['a', 'b', 'c']) {
      const port = await freePort();
      const metricsPort = await freePort();
      const url = new URL(database.url);
      url.searchParams.set('application_name', `replica-${name}`);
      let output = '';
      const child = spawn(process.execPath, ['dist-test/main.js'], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          PORT: String(port),
          HOST: '127.0.0.1',
          METRICS_PORT: String(metricsPort),
          DATABASE_URL: url.toString(),
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          JWT_SECRET: 'x'.repeat(64),
          SEED_DEMO: 'false',
          LOG_LEVEL: 'warn',
          PUBLIC_CACHE_TTL_SECONDS: '300',
          WEBHOOKS_DISPATCH_INTERVAL_MS: '0',
          NOTIFICATIONS_POLL_SECONDS: '3600',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (c) => (output += c));
      child.stderr!.on('data', (c) => (output += c));
      replicas.push({ name, port, metricsPort, child, output: () => output });
    }
    for (const r of replicas) {
      const deadline = Date.now() + 90000;
      while (!(await get(r.port, '/health').then((a) => a.status === 200, () => false))) {
        if (r.child.exitCode !== null || Date.now() > deadline) throw new Error(`replica ${r.name} did not start:\n${r.output()}`);
        await waitFor(100);
      }
    }
  }, 240000);

  afterAll(async () => {
    await Promise.all(
      replicas.map(
        (r) =>
          new Promise<void>((resolve) => {
            if (r.child.exitCode !== null) return resolve();
            r.child.once('exit', () => resolve());
            r.child.kill('SIGTERM');
            setTimeout(() => r.child.kill('SIGKILL'), 15000).unref();
          }),
      ),
    );
    redis?.kill('SIGKILL');
    await admin?.end();
    await database?.drop();
  });

  /** What each replica's own pool connections last ran, as PostgreSQL sees them. */
  const activity = async (name: string) =>
    (
      await admin.query<{ pid: number; query_start: Date | null; query: string }>(
        `SELECT pid, query_start, query FROM pg_stat_activity WHERE application_name = $1 ORDER BY pid`,
        [`replica-${name}`],
      )
    ).rows.map((r) => `${r.pid}:${r.query_start?.toISOString()}:${r.query}`);

  it('B and C answer the entry A built, with zero SQL, in the coding each asks for', async () => {
    const [a, b, c] = replicas;
    const path = `/api/v1/events/${eventId}/programme?lang=en`;
    const fromA = await get(a.port, path, { 'accept-encoding': 'br' });
    expect(fromA.status).toBe(200);
    expect(fromA.headers['content-encoding']).toBe('br');
    const plainA = await get(a.port, path);
    const before = { b: await activity('b'), c: await activity('c') };
    const fromB = await get(b.port, path, { 'accept-encoding': 'br' });
    const fromC = await get(c.port, path);
    const notModified = await get(c.port, path, { 'if-none-match': String(fromA.headers.etag) });
    expect(await activity('b')).toEqual(before.b);
    expect(await activity('c')).toEqual(before.c);
    expect(fromB.body.equals(fromA.body)).toBe(true);
    expect(fromB.headers.etag).toBe(fromA.headers.etag);
    expect(fromC.body.equals(plainA.body)).toBe(true);
    expect(notModified.status).toBe(304);
    expect(await builds(b)).toBe(0);
    expect(await builds(c)).toBe(0);
  }, 60000);

  it('builds fifty simultaneous first requests over the three replicas once', async () => {
    const before = await Promise.all(replicas.map(builds));
    const path = `/api/v1/events/${eventId}/programme?lang=zh`;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => get(replicas[i % 3].port, path, { 'accept-encoding': 'gzip' })));
    expect(answers.map((x) => x.status)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map((x) => x.body.toString('base64'))).size).toBe(1);
    const after = await Promise.all(replicas.map(builds));
    expect(after.reduce((n, x) => n + x, 0) - before.reduce((n, x) => n + x, 0)).toBe(1);
  }, 120000);

  it('serves the new version on every replica within one second of a change', async () => {
    const path = `/api/v1/events/${eventId}/programme?lang=en`;
    const old = await Promise.all(replicas.map((r) => get(r.port, path)));
    expect(new Set(old.map((x) => x.headers.etag)).size).toBe(1);
    await admin.query(`UPDATE sessions SET title = '{"en":"MOVED-MARKER"}' WHERE id = (SELECT id FROM sessions WHERE event_id = $1 ORDER BY starts_at LIMIT 1)`, [eventId]);
    const committed = Date.now();
    const seenAfter = await Promise.all(
      replicas.map(async (r) => {
        for (;;) {
          const now = await get(r.port, path);
          if (now.headers.etag !== old[0].headers.etag) {
            expect(now.body.toString()).toContain('MOVED-MARKER');
            return Date.now() - committed;
          }
          if (Date.now() - committed > 5000) return Infinity;
          await waitFor(25);
        }
      }),
    );
    for (const ms of seenAfter) expect(ms).toBeLessThan(1000);
  }, 60000);
});
