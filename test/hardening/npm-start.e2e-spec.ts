import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/database/embedded-postgres.js';
import {
  childrenOf,
  cleanEnv,
  exitOf,
  get,
  killGroup,
  makeProjectCopy,
  processesMentioning,
  runCommand,
  startInGroup,
  waitForHealth,
  type ProjectCopy,
  type Started,
} from '../support/project-copy.js';

/**
 * `npm start` as a person runs it, in a copy of the project (the real dist/ is never touched):
 * configuration from the project folder's `.env`, side commands while it runs, Ctrl-C as a terminal
 * sends it (to the whole process group, which npm forwards again), a stalled request during
 * shutdown, and start-up failures. One data folder for the whole file: starts after the first one
 * reuse it, as a developer's do.
 */
describe('npm start, as a terminal runs it', () => {
  let project: ProjectCopy;
  let port: number;
  let pgPort: number;
  const dataDir = () => join(project.dir, '.data', 'pg');
  const postgresAlive = () => processesMentioning(dataDir()).filter((p) => /postgres/.test(p.command));

  beforeAll(async () => {
    project = makeProjectCopy();
    port = await freePort();
    pgPort = await freePort();
    // Only in .env: where to listen and where the embedded PostgreSQL lives (relative to the project folder).
    writeFileSync(join(project.dir, '.env'), `# a developer's .env\nPORT=${port}\nEMBEDDED_PG_PORT=${pgPort}\nEMBEDDED_PG_DIR=.data/pg\nLOG_LEVEL=info\n`);
  });

  /** Whatever a test started is gone before the next one, even when it failed half-way. */
  const startedHere: Started[] = [];
  afterEach(() => {
    for (const s of startedHere.splice(0)) killGroup(s, 'SIGKILL');
    for (const p of postgresAlive()) process.kill(p.pid, 'SIGKILL');
  });
  afterAll(() => project?.remove());

  const npmStart = (env: Record<string, string> = {}) => {
    const started = startInGroup('npm', ['start'], project.dir, cleanEnv(env));
    startedHere.push(started);
    return started;
  };

  async function stopWithCtrlC(started: Started) {
    killGroup(started, 'SIGINT');
    killGroup(started, 'SIGINT');
    return exitOf(started);
  }

  it('reads PORT, EMBEDDED_PG_PORT and EMBEDDED_PG_DIR from .env (the environment wins), and starts quietly with the banner', async () => {
    const started = npmStart({ LOG_LEVEL: 'warn' }); // also in .env (info): the environment wins
    await waitForHealth(port, started, 180000);
    // The embedded PostgreSQL listens where .env says, with its data where .env says.
    const client = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/congress` });
    await client.connect();
    const { rows } = await client.query<{ dir: string }>(`SELECT current_setting('data_directory') AS dir`);
    await client.end();
    expect(rows[0].dir).toBe(dataDir());
    expect(existsSync(join(dataDir(), 'postmaster.pid'))).toBe(true);

    const output = started.output();
    expect(output).toContain('LOG_LEVEL=warn');
    expect(output).toContain('.env and the environment');
    expect(output).toContain('random secret made for this run');
    const beforeBanner = output.slice(0, output.indexOf('Congress backend listening'));
    expect(output.indexOf('Congress backend listening')).toBeGreaterThan(-1);
    // No JSON log lines and no alarming PostgreSQL lines before the banner.
    expect(beforeBanner.split('\n').filter((l) => l.startsWith('{') || /FATAL|ERROR/.test(l))).toEqual([]);
    for (const line of ['API:', 'Docs:', 'Health:', 'Database: embedded PostgreSQL (.data/pg']) expect(output).toContain(line);

    expect(await stopWithCtrlC(started)).toBe(0);
    expect(postgresAlive()).toEqual([]);
  }, 240000);

  it('lets seed:synthetic, the CLI and migration:run use the running server: the service still answers', async () => {
    const started = npmStart();
    await waitForHealth(port, started);
    const postmaster = readFileSync(join(dataDir(), 'postmaster.pid'), 'utf8').split('\n')[0];
    const env = cleanEnv();

    const seed = await runCommand('npm', ['run', 'seed:synthetic', '--', '--sessions', '3', '--speakers', '12'], project.dir, env);
    expect(seed.output).not.toContain('building dist/'); // the copy's dist/ is up to date
    expect(seed).toMatchObject({ code: 0 });
    expect(seed.output).toContain('using the running embedded PostgreSQL');
    const eventId = /\(([0-9a-f-]{36})\)/.exec(seed.output)![1];
    expect((await get(port, '/health')).status).toBe(200);
    expect((await get(port, `/api/v1/events/${eventId}/programme`)).status).toBe(200);

    const cli = await runCommand('npm', ['run', 'cli', '--', 'create-admin', '--email', 'ops-admin@example.org', '--password', 'a-long-admin-password'], project.dir, env);
    expect(cli).toMatchObject({ code: 0 });
    expect((await get(port, '/health')).status).toBe(200);

    const migrate = await runCommand('npm', ['run', 'migration:run'], project.dir, env);
    expect(migrate.output).toContain('no pending migrations');
    expect(migrate.code).toBe(0);
    expect((await get(port, '/health')).status).toBe(200);
    expect((await get(port, `/api/v1/events/${eventId}/programme`)).status).toBe(200);
    // The same server all along.
    expect(readFileSync(join(dataDir(), 'postmaster.pid'), 'utf8').split('\n')[0]).toBe(postmaster);

    // A second service on the same data folder is refused, and leaves the running one alone.
    const other = await runCommand(process.execPath, ['dist/main.js'], project.dir, cleanEnv({ PORT: String(await freePort()) }));
    expect(other.code).toBe(1);
    expect(other.output).toMatch(/^Cannot start: The embedded PostgreSQL in .* is in use/);
    expect((await get(port, '/health')).status).toBe(200);

    expect(await stopWithCtrlC(started)).toBe(0);
    expect(postgresAlive()).toEqual([]);
  }, 300000);

  it('ends drained, with PostgreSQL stopped and exit code 0, whatever signals arrive and however often (10 runs)', async () => {
    // What terminals, supervisors and people send: Ctrl-C (the group, which npm forwards again),
    // pressed twice; SIGTERM to the group; SIGTERM or SIGINT to the service process alone.
    const ways: { name: string; send: (s: Started) => void }[] = [
      { name: 'Ctrl-C twice to the group', send: (s) => (killGroup(s, 'SIGINT'), killGroup(s, 'SIGINT')) },
      { name: 'SIGTERM twice to the group', send: (s) => (killGroup(s, 'SIGTERM'), killGroup(s, 'SIGTERM')) },
      { name: 'Ctrl-C once to the group', send: (s) => killGroup(s, 'SIGINT') },
      { name: 'SIGTERM to the service process', send: (s) => childrenOf(s.child.pid!).forEach((pid) => process.kill(pid, 'SIGTERM')) },
      { name: 'SIGINT then SIGTERM to the group', send: (s) => (killGroup(s, 'SIGINT'), killGroup(s, 'SIGTERM')) },
    ];
    const results: { way: string; code: number | null | 'timeout'; postgres: number; answers: (number | string | undefined)[] }[] = [];
    for (let run = 0; run < 10; run++) {
      const way = ways[run % ways.length];
      const started = npmStart();
      await waitForHealth(port, started);
      // Idle keep-alive connections, as browsers and proxies hold them.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
      await Promise.all([1, 2, 3, 4].map(() => get(port, '/health', agent)));
      way.send(started);
      const code = await exitOf(started);
      agent.destroy();
      results.push({ way: way.name, code, postgres: postgresAlive().length, answers: [] });
    }
    expect(results).toEqual(results.map((r) => ({ way: r.way, code: 0, postgres: 0, answers: [] })));
    expect(existsSync(join(dataDir(), 'postmaster.pid'))).toBe(false);
  }, 1200000); // ten starts: about 5 s each on a quiet machine, 40 s under a heavily shared one

  /** Headers and part of a body, then silence: the request stays open until a timeout or a deadline. */
  async function stalledRequest(): Promise<net.Socket> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.on('error', () => undefined);
    socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"email":"a');
    await new Promise((r) => setTimeout(r, 200));
    return socket;
  }

  it('closes a stalled request at the shutdown deadline, then stops PostgreSQL and exits 0', async () => {
    const started = npmStart({ SHUTDOWN_TIMEOUT_MS: '1500', HTTP_REQUEST_TIMEOUT_MS: '600000' });
    await waitForHealth(port, started);
    const socket = await stalledRequest();
    const closed = new Promise((r) => socket.once('close', r));
    killGroup(started, 'SIGTERM');
    expect(await exitOf(started)).toBe(0);
    await closed;
    expect(started.output()).toContain('closing their connections');
    expect(postgresAlive()).toEqual([]);
  }, 120000);

  it('lets a signal after the first seconds force a stuck shutdown, still stopping PostgreSQL', async () => {
    const started = npmStart({ SHUTDOWN_TIMEOUT_MS: '600000', HTTP_REQUEST_TIMEOUT_MS: '600000' });
    await waitForHealth(port, started);
    const socket = await stalledRequest();
    killGroup(started, 'SIGINT');
    killGroup(started, 'SIGINT'); // the same Ctrl-C, forwarded by npm: ignored
    await new Promise((r) => setTimeout(r, 2500));
    expect(started.child.exitCode).toBeNull(); // still waiting for the stalled request
    killGroup(started, 'SIGINT'); // pressed again: forces
    expect(await exitOf(started)).not.toBe('timeout');
    socket.destroy();
    expect(started.output()).toContain('forcing the exit');
    expect(postgresAlive()).toEqual([]);
  }, 120000);

  describe('start-up failures: one line naming the cause and the fix, a non-zero exit, no PostgreSQL started', () => {
    const startNode = async (env: Record<string, string>) => runCommand(process.execPath, ['dist/main.js'], project.dir, cleanEnv(env), 60000);
    const oneLine = (output: string) => output.trim().split('\n');

    it('a busy HTTP port', async () => {
      const blocker = net.createServer().listen(0, '0.0.0.0');
      await new Promise((r) => blocker.once('listening', r));
      const busy = (blocker.address() as net.AddressInfo).port;
      const dir = join(project.dir, '.data', 'busy-port');
      const result = await startNode({ PORT: String(busy), EMBEDDED_PG_DIR: dir });
      blocker.close();
      expect(result.code).toBe(1);
      expect(oneLine(result.output)).toEqual([`Cannot start: port ${busy} on 0.0.0.0 is already in use (another instance of the service, or another program). Stop that, or set PORT to a free port.`]);
      expect(existsSync(dir)).toBe(false);
    });

    it('a bad variable', async () => {
      const dir = join(project.dir, '.data', 'bad-variable');
      const result = await startNode({ PORT: 'abc', EMBEDDED_PG_DIR: dir });
      expect(result.code).toBe(1);
      expect(oneLine(result.output)).toEqual(['Cannot start: Invalid configuration: PORT="abc" must be a whole number from 0 to 65535. Fix it in the environment or in .env (see .env.example).']);
      expect(existsSync(dir)).toBe(false);
    });

    it('a data folder that cannot be used', async () => {
      mkdirSync(join(project.dir, '.data'), { recursive: true });
      const file = join(project.dir, '.data', 'a-file');
      writeFileSync(file, 'not a folder');
      const result = await startNode({ PORT: String(await freePort()), EMBEDDED_PG_DIR: join(file, 'postgres') });
      expect(result.code).toBe(1);
      const lines = oneLine(result.output);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Cannot start: The embedded PostgreSQL's data folder .*a-file\/postgres cannot be used \(a file is in the way, E\w+\)\. Fix its permissions, or set EMBEDDED_PG_DIR/);
      expect(processesMentioning(file)).toEqual([]);
    });

    it('a data folder nobody but its owner may enter', async () => {
      mkdirSync(join(project.dir, '.data'), { recursive: true });
      const dir = join(project.dir, '.data', 'locked');
      mkdirSync(dir, { mode: 0o700 });
      chmodSync(dir, 0o000);
      // Run as a user without the right (as root: the postgres user the server runs as).
      const result = await startNode({ PORT: String(await freePort()), EMBEDDED_PG_DIR: dir });
      chmodSync(dir, 0o700);
      expect(result.code).toBe(1);
      const lines = oneLine(result.output);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Cannot start: .*(cannot use its data folder|data folder .* cannot be used).*locked.*EMBEDDED_PG_DIR/);
      expect(processesMentioning(dir)).toEqual([]);
    });
  });
});
