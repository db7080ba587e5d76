// `npm run bench`: the service against bare baselines, on this machine, in one run (see bench/README.md).
// Plain ESM on the compiled sources (`npm run bench` builds first). Loopback only; every loop is
// bounded in count and time.
import 'reflect-metadata';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../dist-test/app.factory.js';
import { freePort, startEmbeddedPostgres } from '../dist-test/database/embedded-postgres.js';
import { typeormOptions } from '../dist-test/database/typeorm-options.js';
import { generateSyntheticEdition } from '../dist-test/seed/synthetic.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const DURATION = Number(process.env.BENCH_DURATION_SECONDS ?? 6); // seconds per measured run
const WARMUP = 2;
// The programme's statements, uncached (docs/ARCHITECTURE.md "The programme"): the caller's standing
// (access policy), the edition, sessions, segments, people with their disclosures, talks.
const PROGRAMME_STATEMENTS = 6;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const started = Date.now();
const log = (m) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const children = new Set();
const tempDirs = new Set(); // removed on every exit path
const tempDir = (prefix) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
};
const removeTempDirs = () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
};

const jwtSecret = randomBytes(32).toString('hex');
const rows = []; // the result table
const extra = {};

// ---------------------------------------------------------------- helpers
function vmHwmMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Spawns a child (the service or a bare server), resolves once `ready()` says so (bounded). */
async function startChild(name, args, env, ready) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  const keep = (c) => {
    output += c;
    if (output.length > 20000) output = output.slice(-10000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.once('exit', () => children.delete(child));
  const deadline = Date.now() + 60000;
  while (!(await ready(output).catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${name} not ready in 60 s:\n${output.slice(-3000)}`);
    await sleep(100);
  }
  return { name, child, pid: child.pid, output: () => output };
}

async function stopChild(c) {
  if (!c || c.child.exitCode !== null) return;
  const exited = new Promise((r) => c.child.once('exit', r));
  c.child.kill('SIGTERM');
  const timer = setTimeout(() => c.child.kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(timer);
}

async function startService(name, databaseUrl, env = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const svc = await startChild(
    name,
    ['dist-test/main.js'],
    {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      WEBHOOKS_DISPATCH_INTERVAL_MS: '0',
      ...env,
    },
    async () => (await fetch(`${base}/health`)).ok,
  );
  return { ...svc, base };
}

async function startBare(mode, env) {
  const port = await freePort();
  const bare = await startChild(`bare-${mode}`, ['bench/bare.mjs'], { PATH: process.env.PATH, BARE_MODE: mode, PORT: String(port), ...env }, async (out) => out.includes('ready'));
  return { ...bare, base: `http://127.0.0.1:${port}` };
}

/** One autocannon run (after a warm-up), summarised. `expect` is the status every answer should have. */
async function measure(label, opts, expect = 200) {
  const { slow: _slow, ...rest } = opts;
  const base = { connections: CONNECTIONS, pipelining: 1, timeout: 20, ...rest };
  // Warm-up: short bursts for fast routes; a few sequential requests for slow ones (a burst would
  // leave requests queued in the server when the measured run starts).
  if (opts.slow) for (let i = 0; i < 3; i++) await fetch(opts.url, { headers: opts.headers }).then((r) => r.arrayBuffer());
  else if (!opts.amount) await autocannon({ ...base, duration: WARMUP });
  const r = await autocannon(opts.amount ? base : { duration: DURATION, ...base });
  const stats = r.statusCodeStats ?? {};
  const unexpected = Object.entries(stats).filter(([code]) => Number(code) !== expect).reduce((n, [, v]) => n + v.count, 0);
  const total = Object.values(stats).reduce((n, v) => n + v.count, 0);
  const out = {
    label,
    rps: Number((total / (r.duration || 1)).toFixed(total / (r.duration || 1) < 100 ? 1 : 0)),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + unexpected,
    requests: total,
  };
  log(`${label}: ${out.rps} req/s, p50 ${out.p50} ms, p99 ${out.p99} ms, errors ${out.errors}`);
  return out;
}

const ratioRow = (figure, service, baseline, target, memoryMb) => {
  const ratio = baseline ? service.rps / baseline.rps : null;
  rows.push({
    figure,
    service: { rps: service.rps, p50: service.p50, p99: service.p99, errors: service.errors },
    baseline: baseline ? { rps: baseline.rps, p50: baseline.p50, p99: baseline.p99, errors: baseline.errors } : null,
    ratio: ratio === null ? null : Number(ratio.toFixed(2)),
    target: target === null ? '— (for information)' : `≥ ${target}× baseline, no errors`,
    met: target === null ? null : ratio !== null && ratio >= target && service.errors === 0,
    memoryMb,
  });
};

// ---------------------------------------------------------------- database
async function prepareDatabase() {
  let adminUrl = process.env.DATABASE_URL;
  let embedded;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'congress-bench-pg-'));
    embedded = { server: await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' }), dataDir };
    adminUrl = embedded.server.url;
    log(`embedded PostgreSQL on port ${embedded.server.port}`);
  } else log('PostgreSQL at DATABASE_URL');
  const name = `congress_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const version = (await admin.query('SHOW server_version')).rows[0].server_version;
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    version,
    embedded: !!embedded,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await c.end();
      if (embedded) {
        await embedded.server.stop();
        rmSync(embedded.dataDir, { recursive: true, force: true });
      }
    },
  };
}

// ---------------------------------------------------------------- the run
async function main() {
  const db = await prepareDatabase();
  try {
    const ds = new DataSource(typeormOptions(db.url, 4));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    log('migrated; generating the synthetic editions');
    const editions = {};
    for (const [sessions, speakers, talks] of [[300, 3000, 5000], [70, 700, 1000], [1000, 10000, 15000]]) {
      editions[sessions] = await generateSyntheticEdition(ds, { sessions, speakers, talks, slug: `bench-${sessions}` });
      log(`edition of ${sessions} sessions: ${JSON.stringify(editions[sessions])}`);
    }
    extra.dataset = editions[300];
    await ds.destroy();

    await countQueries(db.url, editions);
    await programmeFigures(db.url, editions);
    await stormFigures(db.url);
  } finally {
    for (const c of [...children]) c.kill('SIGKILL');
    removeTempDirs();
    await db.drop();
  }
  report(db);
}

/** Statements per programme request, in an in-process app whose pg client counts its queries. */
async function countQueries(url, editions) {
  const counts = {};
  for (const ttl of ['0', '300']) {
    const app = await createApp({ logger: false, env: { NODE_ENV: 'production', DATABASE_URL: url, JWT_SECRET: jwtSecret, SEED_DEMO: 'false', LOG_LEVEL: 'silent', REDIS_URL: '', PUBLIC_CACHE_TTL_SECONDS: ttl, WEBHOOKS_DISPATCH_INTERVAL_MS: '0' } });
    await app.getHttpAdapter().getInstance().ready();
    const Client = app.get(DataSource).driver.postgres.Client;
    const original = Client.prototype.query;
    let n = 0;
    Client.prototype.query = function (...args) {
      n++;
      return original.apply(this, args);
    };
    try {
      for (const size of [70, 300, 1000]) {
        const path = `/api/v1/events/${editions[size].eventId}/programme?lang=en`;
        if (ttl !== '0') await app.inject({ method: 'GET', url: path }); // fill the cache
        n = 0;
        const res = await app.inject({ method: 'GET', url: path });
        if (res.statusCode !== 200) throw new Error(`programme of ${size}: ${res.statusCode}`);
        counts[`${ttl === '0' ? 'uncached' : 'cached'}:${size}`] = n;
      }
    } finally {
      Client.prototype.query = original;
      await app.close();
    }
  }
  extra.queries = counts;
  log(`queries per request: ${JSON.stringify(counts)}`);
}

async function programmeFigures(url, editions) {
  const eventId = editions[300].eventId;
  const cachedSvc = await startService('service (cached)', url);
  const path = `/api/v1/events/${eventId}/programme?lang=en`;
  const first = await fetch(cachedSvc.base + path);
  const body = await first.text();
  const etag = first.headers.get('etag');
  extra.programmeBytes = Buffer.byteLength(body);
  const bodyFile = join(tempDir('bench-body-'), 'programme.json');
  writeFileSync(bodyFile, body);
  log(`programme of 300 sessions: ${extra.programmeBytes} bytes`);

  // cached, and 304: the whole programme (about 1 MB) and one day of it
  const day = (await (await fetch(`${cachedSvc.base}${path}`)).json()).days[2].date;
  const dayPath = `/api/v1/events/${eventId}/programme?lang=en&day=${day}`;
  const dayRes = await fetch(cachedSvc.base + dayPath);
  const dayBody = await dayRes.text();
  const dayFile = join(dirname(bodyFile), 'day.json');
  writeFileSync(dayFile, dayBody);
  extra.dayBytes = Buffer.byteLength(dayBody);
  const bareStatic = await startBare('static', { BODY_FILE: bodyFile });
  const bareDay = await startBare('static', { BODY_FILE: dayFile });
  extra.sameBytesCached = (await (await fetch(`${bareStatic.base}/programme`)).text()) === body && (await (await fetch(`${bareDay.base}/programme`)).text()) === dayBody;
  const svcCached = await measure('service: programme, cached', { url: cachedSvc.base + path });
  const bareCached = await measure('bare Fastify: same bytes from memory', { url: `${bareStatic.base}/programme` });
  const svcDay = await measure('service: one day, cached', { url: cachedSvc.base + dayPath });
  const bareDayM = await measure('bare Fastify: same bytes (one day) from memory', { url: `${bareDay.base}/programme` });
  const svc304 = await measure('service: If-None-Match → 304', { url: cachedSvc.base + path, headers: { 'if-none-match': etag } }, 304);
  const bare304 = await measure('bare Fastify: If-None-Match → 304', { url: `${bareStatic.base}/programme`, headers: { 'if-none-match': etag } }, 304);
  const cachedMem = vmHwmMb(cachedSvc.pid);
  ratioRow(`programme (300 sessions, ${Math.round(extra.programmeBytes / 1024)} KiB), cached`, svcCached, bareCached, 0.8, cachedMem);
  ratioRow(`programme, one day (${Math.round(extra.dayBytes / 1024)} KiB), cached`, svcDay, bareDayM, 0.8, cachedMem);
  ratioRow('programme, matching If-None-Match (304)', svc304, bare304, null, cachedMem);
  await stopChild(bareStatic);
  await stopChild(bareDay);
  await stopChild(cachedSvc);

  // uncached: few connections (each request builds a megabyte), sequential warm-up
  const uncachedSvc = await startService('service (uncached)', url, { PUBLIC_CACHE_TTL_SECONDS: '0' });
  const barePg = await startBare('pg', { DATABASE_URL: url, POOL_SIZE: '10' });
  const barePgBody = await (await fetch(`${barePg.base}/programme/${eventId}?lang=en`)).text();
  extra.sameBytesUncached = barePgBody === (await (await fetch(uncachedSvc.base + path)).text()) && barePgBody === body;
  const svcUncached = await measure('service: programme, uncached (PUBLIC_CACHE_TTL_SECONDS=0)', { url: uncachedSvc.base + path, connections: 4, slow: true });
  const bareUncached = await measure('bare Fastify + pg: same queries, same JSON', { url: `${barePg.base}/programme/${eventId}?lang=en`, connections: 4, slow: true });
  ratioRow('programme (300 sessions), uncached', svcUncached, bareUncached, 0.5, vmHwmMb(uncachedSvc.pid));

  // growth with size, uncached
  extra.growth = [];
  for (const size of [70, 300, 1000]) {
    const p = `/api/v1/events/${editions[size].eventId}/programme?lang=en`;
    const bytes = Buffer.byteLength(await (await fetch(uncachedSvc.base + p)).text());
    const m = await measure(`service: uncached programme of ${size} sessions`, { url: uncachedSvc.base + p, connections: 2, slow: true });
    extra.growth.push({ sessions: size, bytes, queries: extra.queries[`uncached:${size}`], cachedQueries: extra.queries[`cached:${size}`], rps: m.rps, p50: m.p50, p99: m.p99, errors: m.errors });
  }
  extra.uncachedMemoryMb = vmHwmMb(uncachedSvc.pid);
  await stopChild(barePg);
  await stopChild(uncachedSvc);
  const q = extra.growth.map((g) => g.queries);
  const qc = extra.growth.map((g) => g.cachedQueries);
  rows.push({
    figure: 'SQL statements per programme request (70 / 300 / 1,000 sessions)',
    service: { uncached: q.join(' / '), cached: qc.join(' / ') },
    baseline: null,
    ratio: null,
    target: `the same small number (≤ ${PROGRAMME_STATEMENTS}) at every size, none when cached`,
    met: new Set(q).size === 1 && new Set(qc).size === 1 && q[0] <= PROGRAMME_STATEMENTS && qc[0] === 0,
    memoryMb: null,
  });
}

async function stormFigures(url) {
  if (!existsSync(join(ROOT, 'dist-test', 'registrations'))) {
    extra.storm = 'not run: registrations (issue 5) are not in this build';
    log(extra.storm);
    return;
  }
  const { runStorm } = await import('./storm.mjs');
  await runStorm({ url, startService, startBare, stopChild, ratioRow, rows, vmHwmMb, jwtSecret, extra, log });
}

function report(db) {
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeMemoryGb: Math.round(freemem() / 2 ** 30),
    node: process.version,
    postgres: `${db.version}${db.embedded ? ' (embedded)' : ' (DATABASE_URL)'}`,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
  };
  const result = { date: new Date().toISOString(), machine, rows, ...extra, totalSeconds: Math.round((Date.now() - started) / 1000) };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  const md = markdown(result);
  writeFileSync(join(RESULTS, 'latest.md'), md);
  console.log(md);
  if (rows.some((r) => r.met === false)) process.exitCode = 2;
}

function markdown(r) {
  const fmt = (m) => (m ? `${m.rps} req/s · p50 ${m.p50} ms · p99 ${m.p99} ms · ${m.errors} errors` : '—');
  const lines = [
    `# Benchmark, ${r.date}`,
    '',
    `Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}; autocannon, ${r.machine.connections} connections, ${r.machine.durationSeconds} s per run after a ${WARMUP} s warm-up, client on the same machine.`,
    `Data set: ${r.dataset.sessions} sessions, ${r.dataset.speakers} speakers, ${r.dataset.segments} segments, ${r.dataset.people} session people${r.dataset.submissions ? `, ${r.dataset.submissions} talk submissions (${r.dataset.talks} placed in talk segments)` : ''}; programme body ${r.programmeBytes} bytes, one day ${r.dayBytes} bytes (bare baselines serve the same bytes: cached ${r.sameBytesCached ? 'yes' : 'NO'}, uncached ${r.sameBytesUncached ? 'yes' : 'NO'}).`,
    '',
    '| figure | service | bare baseline | ratio | target | met | peak memory (VmHWM) |',
    '|---|---|---|---|---|---|---|',
    ...r.rows.map((x) =>
      `| ${x.figure} | ${x.service.rps !== undefined ? fmt(x.service) : x.service.text ?? `uncached ${x.service.uncached}; cached ${x.service.cached}`} | ${fmt(x.baseline)} | ${x.ratio ?? '—'} | ${x.target} | ${x.met === null ? '—' : x.met ? 'yes' : 'NO'} | ${x.memoryMb ? `${x.memoryMb} MB` : '—'} |`,
    ),
    '',
    '## Growth with the size of the programme (uncached)',
    '',
    '| sessions | body bytes | statements (uncached / cached) | req/s | p50 | p99 | errors |',
    '|---|---|---|---|---|---|---|',
    ...r.growth.map((g) => `| ${g.sessions} | ${g.bytes} | ${g.queries} / ${g.cachedQueries} | ${g.rps} | ${g.p50} ms | ${g.p99} ms | ${g.errors} |`),
    '',
  ];
  if (typeof r.storm === 'string') lines.push('## Registration storm', '', r.storm, '');
  else if (r.storm) {
    lines.push('## Registration storm', '', r.storm.summary, '', ...r.storm.checks.map((c) => `- ${c.check}: ${c.ok ? 'yes' : 'NO'} (${c.value})`), '');
  }
  lines.push(`Whole run: ${r.totalSeconds} s.`, '');
  return lines.join('\n');
}

const hardStop = setTimeout(() => {
  console.error('bench: over 8 minutes, giving up');
  for (const c of children) c.kill('SIGKILL');
  removeTempDirs();
  process.exit(1);
}, 8 * 60 * 1000);
hardStop.unref();

main()
  .catch((error) => {
    console.error(error);
    for (const c of children) c.kill('SIGKILL');
    removeTempDirs();
    process.exitCode = 1;
  })
  .finally(() => setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref());
