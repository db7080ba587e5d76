import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { DataSource } from 'typeorm';
import { freePort } from '../../src/database/embedded-postgres.js';
import { typeormOptions } from '../../src/database/typeorm-options.js';
import { generateSyntheticEdition } from '../../src/seed/synthetic.js';
import { createTestDatabase } from '../setup/test-database.js';

interface Answer {
  status?: number;
  error?: string;
  bytes: number;
}

/** One GET (on `agent`'s connections, else its own); resolves with the status or the network error (bounded by a timeout). */
function get(port: number, path: string, agent: http.Agent | false = false): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, timeout: 30000 }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode, bytes }));
      res.on('error', (e) => resolve({ status: res.statusCode, error: e.message, bytes }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message, bytes: 0 }));
  });
}

/**
 * SIGTERM under load: the built service (node dist-test/main.js, which npm test builds) stops accepting, lets every request in
 * flight finish with its normal answer, and exits 0.
 */
describe('SIGTERM under load', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let child: ChildProcess | undefined;
  let eventId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const ds = new DataSource(typeormOptions(database.url, 2));
    await ds.initialize();
    // Big enough that an uncached programme takes a while to build.
    eventId = (await generateSyntheticEdition(ds, { sessions: 120, speakers: 600 })).eventId;
    await ds.destroy();
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database.drop();
  });

  it('finishes the requests in flight, then exits 0', async () => {
    const port = await freePort();
    let output = '';
    child = spawn(process.execPath, ['dist-test/main.js'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
        PUBLIC_CACHE_TTL_SECONDS: '0',
        WEBHOOKS_DISPATCH_INTERVAL_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));

    const deadline = Date.now() + 60000;
    while (!(await get(port, '/health')).status) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the service did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const path = `/api/v1/events/${eventId}/programme`;
    // Twenty connections, open and accepted by the service (a request each), so that the requests
    // below reach it at once; then twenty programme builds, and SIGTERM once the first is answered
    // (by then the service has read every one of them: each build waits on the database).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    const warm = await Promise.all(Array.from({ length: 20 }, () => get(port, '/health', agent)));
    expect(warm.map((a) => a.status)).toEqual(warm.map(() => 200));
    const inFlight = Array.from({ length: 20 }, () => get(port, path, agent));
    await Promise.race(inFlight);
    child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    agent.destroy();
    // Requests sent after the signal are refused or answered 503: never left hanging.
    const late = await get(port, path);

    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running after 30 s'), 30000).unref())]);
    expect(code).toBe(0);
    expect(answers.map((a) => a.status ?? a.error)).toEqual(answers.map(() => 200));
    expect(answers.every((a) => a.bytes > 1000 && !a.error)).toBe(true);
    expect(late.status === 503 || late.error === 'ECONNREFUSED' || late.error === 'ECONNRESET').toBe(true);
    expect(output).toContain('SIGTERM received');
  }, 120000);
});
