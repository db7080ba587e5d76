import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The project as a user has it, in a temporary folder, for tests that run `npm start` and the side
 * commands exactly as a person would: package.json, the tsconfig files, scripts/ and src/ copied,
 * node_modules/ linked, and dist/ copied from the dist-test/ that `npm test` built (its build hash
 * matches the sources, so `npm start` there does not rebuild). The real dist/ is never touched, and
 * a `.env` written there is the project folder's `.env`.
 */
export interface ProjectCopy {
  dir: string;
  remove(): void;
}

export function makeProjectCopy(): ProjectCopy {
  const root = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'congress-project-'));
  chmodSync(dir, 0o755); // the embedded PostgreSQL runs as the postgres user, who must reach the data folder
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) copyFileSync(join(root, file), join(dir, file));
  for (const folder of ['scripts', 'src']) cpSync(join(root, folder), join(dir, folder), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  if (!existsSync(join(root, 'dist-test', '.build-hash'))) throw new Error('dist-test/ is not built: run the tests through npm test');
  cpSync(join(root, 'dist-test'), join(dir, 'dist'), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clean environment for a child: no npm_* variables of the test run, no DATABASE_URL. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ...extra };
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Spawns `cmd args` in `cwd`, in a process group of its own (as a terminal runs a command), collecting its output. */
export function startInGroup(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Started {
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { child, output: () => output, exited };
}

/** Runs a command to its end (bounded), returning its exit code and output. */
export function runCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 120000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export function get(port: number, path: string, agent: http.Agent | false = false): Promise<{ status?: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, timeout: 10000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', (e) => resolve({ status: res.statusCode, body, error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ body: '', error: (e as NodeJS.ErrnoException).code ?? e.message }));
  });
}

/** Waits (bounded) until /health answers 200, or the process exits. */
export async function waitForHealth(port: number, started: Started, timeoutMs = 90000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await get(port, '/health')).status === 200) return;
    if (started.child.exitCode !== null || started.child.signalCode !== null) throw new Error(`the service exited during start-up:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`the service did not answer /health in ${timeoutMs / 1000} s:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves with the exit code, or 'timeout' (and kills the group) if it has not exited in time. */
export async function exitOf(started: Started, timeoutMs = 30000): Promise<number | null | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([started.exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)))]);
  clearTimeout(timer);
  if (result === 'timeout') killGroup(started, 'SIGKILL');
  return result;
}

export function killGroup(started: Started, signal: NodeJS.Signals) {
  try {
    process.kill(-started.child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Processes whose command line names `needle` (e.g. a PostgreSQL running on a data folder), from /proc. */
export function processesMentioning(needle: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (command.includes(needle)) found.push({ pid: Number(entry), command });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** The children of a process (Linux). */
export function childrenOf(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map(Number);
}
