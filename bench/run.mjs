// `npm run bench`: the service against bare baselines, on this machine, in one run (see bench/README.md).
// Plain ESM on the compiled sources (`npm run bench` builds first). Loopback only; every loop is
// bounded in count and time.
import 'reflect-metadata';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
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
const loadAtStart = loadavg().map((x) => Number(x.toFixed(1)));
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
    // BENCH_ONLY=book: the 300-session edition and its abstract book only (a quick run for that figure).
    const only = process.env.BENCH_ONLY;
    for (const [sessions, speakers, talks] of only === 'book' ? [[300, 3000, 5000]] : [[300, 3000, 5000], [70, 700, 1000], [1000, 10000, 15000]]) {
      editions[sessions] = await generateSyntheticEdition(ds, { sessions, speakers, talks, slug: `bench-${sessions}` });
      log(`edition of ${sessions} sessions: ${JSON.stringify(editions[sessions])}`);
    }
    extra.dataset = editions[300];
    await ds.destroy();

    if (only !== 'book') {
      await countQueries(db.url, editions);
      await programmeFigures(db.url, editions);
    }
    await abstractBookFigures(db.url, editions);
    if (only !== 'book') await stormFigures(db.url);
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
      if (ttl === '0') await assemblyFigures(app, editions[300].eventId);
    } finally {
      Client.prototype.query = original;
      await app.close();
    }
  }
  extra.queries = counts;
  log(`queries per request: ${JSON.stringify(counts)}`);
}

/** One GET with the raw bytes (no decoding: what goes over the wire). */
function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A redis-server of the bench's own on a free port (Redis mode), or undefined when none is installed. */
async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const failed = new Promise((r) => child.once('error', () => r(true)));
  children.add(child);
  child.once('exit', () => children.delete(child));
  for (let i = 0; i < 100; i++) {
    if (await Promise.race([failed, sleep(0).then(() => false)])) return undefined;
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) return { url: `redis://127.0.0.1:${port}`, child };
    await sleep(50);
  }
  return undefined;
}

/** Assembly against JSON.stringify of its result, for the 300-session programme (medians of five, in process). */
async function assemblyFigures(app, eventId) {
  const { ProgrammeService, assemble } = await import('../dist-test/programme/programme.service.js');
  const svc = app.get(ProgrammeService);
  const now = new Date();
  const edition = await svc.visibleEdition(eventId);
  const r = await svc.rows(edition, {}, { talks: true, talkPeople: false, now });
  const median = (fn) => {
    const times = [];
    let out;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      out = fn();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { ms: times[2], out };
  };
  const assembled = median(() => assemble(edition, r.sessions, r.segments, r.people, 'en', undefined, r.talks, now));
  const stringified = median(() => JSON.stringify(assembled.out));
  const ratio = assembled.ms / stringified.ms;
  extra.assembly = { assembleMs: Number(assembled.ms.toFixed(1)), stringifyMs: Number(stringified.ms.toFixed(1)) };
  log(`assembly of 300 sessions: ${extra.assembly.assembleMs} ms, JSON.stringify ${extra.assembly.stringifyMs} ms`);
  rows.push({
    figure: 'programme assembly (300 sessions) against JSON.stringify of its result',
    service: { text: `assemble ${extra.assembly.assembleMs} ms, JSON.stringify ${extra.assembly.stringifyMs} ms (median of 5, in process)` },
    baseline: null,
    ratio: Number(ratio.toFixed(2)),
    target: '≤ 3× JSON.stringify',
    met: ratio <= 3,
    memoryMb: null,
  });
}

async function programmeFigures(url, editions) {
  const eventId = editions[300].eventId;
  const cachedSvc = await startService('service (cached)', url);
  const path = `/api/v1/events/${eventId}/programme?lang=en`;
  const plain = await rawGet(cachedSvc.base + path);
  const brotli = await rawGet(cachedSvc.base + path, { 'accept-encoding': 'br' });
  if (brotli.headers['content-encoding'] !== 'br') throw new Error('the service did not send brotli for Accept-Encoding: br');
  const etag = plain.headers.etag;
  extra.programmeBytes = plain.body.length;
  extra.programmeBrBytes = brotli.body.length;
  const dir = tempDir('bench-body-');
  const bodyFile = join(dir, 'programme.json');
  const brFile = join(dir, 'programme.json.br');
  writeFileSync(bodyFile, plain.body);
  writeFileSync(brFile, brotli.body);
  log(`programme of 300 sessions: ${extra.programmeBytes} bytes, ${extra.programmeBrBytes} with brotli`);

  const day = JSON.parse(plain.body.toString()).days[2].date;
  const dayPath = `/api/v1/events/${eventId}/programme?lang=en&day=${day}`;
  const dayPlain = await rawGet(cachedSvc.base + dayPath);
  const dayBr = await rawGet(cachedSvc.base + dayPath, { 'accept-encoding': 'br' });
  const dayFile = join(dir, 'day.json');
  const dayBrFile = join(dir, 'day.json.br');
  writeFileSync(dayFile, dayPlain.body);
  writeFileSync(dayBrFile, dayBr.body);
  extra.dayBytes = dayPlain.body.length;
  const bareStatic = await startBare('static', { BODY_FILE: bodyFile, BODY_BR_FILE: brFile });
  const bareDay = await startBare('static', { BODY_FILE: dayFile, BODY_BR_FILE: dayBrFile });
  const br = { 'accept-encoding': 'br' };
  extra.sameBytesCached =
    (await rawGet(`${bareStatic.base}/programme`)).body.equals(plain.body) &&
    (await rawGet(`${bareStatic.base}/programme`, br)).body.equals(brotli.body) &&
    (await rawGet(`${bareDay.base}/programme`, br)).body.equals(dayBr.body);
  const svcBr = await measure('service: programme, cached, Accept-Encoding: br', { url: cachedSvc.base + path, headers: br });
  const bareBr = await measure('bare Fastify: the same brotli Buffer', { url: `${bareStatic.base}/programme`, headers: br });
  const svcDay = await measure('service: one day, cached, br', { url: cachedSvc.base + dayPath, headers: br });
  const bareDayM = await measure('bare Fastify: the same brotli Buffer (one day)', { url: `${bareDay.base}/programme`, headers: br });
  const svc304 = await measure('service: If-None-Match → 304', { url: cachedSvc.base + path, headers: { 'if-none-match': etag } }, 304);
  const bare304 = await measure('bare Fastify: If-None-Match → 304', { url: `${bareStatic.base}/programme`, headers: { 'if-none-match': etag } }, 304);
  const cachedMem = vmHwmMb(cachedSvc.pid);
  ratioRow(`programme (300 sessions, ${Math.round(extra.programmeBytes / 1024)} KiB; brotli ${Math.round(extra.programmeBrBytes / 1024)} KiB), cached, Accept-Encoding: br`, svcBr, bareBr, 0.8, cachedMem);
  rows.push({
    figure: 'bytes on the wire with brotli, of the raw body (300 sessions)',
    service: { text: `${extra.programmeBrBytes} of ${extra.programmeBytes} bytes (${((100 * extra.programmeBrBytes) / extra.programmeBytes).toFixed(1)} %)` },
    baseline: null,
    ratio: null,
    target: '≤ 10 %',
    met: extra.programmeBrBytes <= 0.1 * extra.programmeBytes,
    memoryMb: null,
  });
  ratioRow(`programme, one day (${Math.round(extra.dayBytes / 1024)} KiB raw), cached, br`, svcDay, bareDayM, null, cachedMem);
  ratioRow('programme, matching If-None-Match (304)', svc304, bare304, 0.5, cachedMem);
  await stopChild(bareStatic);
  await stopChild(bareDay);
  await stopChild(cachedSvc);

  // Redis mode: three processes would share it; one is measured against memory mode.
  const redis = await startRedis();
  if (redis) {
    const redisSvc = await startService('service (cached, Redis)', url, { REDIS_URL: redis.url });
    const fromRedis = await rawGet(redisSvc.base + path, br);
    extra.sameBytesRedis = fromRedis.body.equals(brotli.body);
    const svcRedis = await measure('service: programme, cached in Redis, br', { url: redisSvc.base + path, headers: br });
    const redis304 = await measure('service: 304, cached in Redis', { url: redisSvc.base + path, headers: { 'if-none-match': etag } }, 304);
    const mem = vmHwmMb(redisSvc.pid);
    rows.push({
      figure: 'Redis mode: cached programme (br) against memory mode',
      service: { rps: svcRedis.rps, p50: svcRedis.p50, p99: svcRedis.p99, errors: svcRedis.errors },
      baseline: { rps: svcBr.rps, p50: svcBr.p50, p99: svcBr.p99, errors: svcBr.errors },
      ratio: Number((svcRedis.rps / svcBr.rps).toFixed(2)),
      target: '≥ 0.8× memory mode, no errors',
      met: svcRedis.rps / svcBr.rps >= 0.8 && svcRedis.errors === 0,
      memoryMb: mem,
    });
    ratioRow('Redis mode: 304 against bare 304', redis304, bare304, 0.5, mem);
    await stopChild(redisSvc);
    redis.child.kill('SIGKILL');
  } else {
    extra.redis = 'not run: no redis-server on this machine';
    log(extra.redis);
  }

  // Memory: the cached 1,000-session programme (raw, the largest answer) to 16 connections, in a fresh process.
  const bigSvc = await startService('service (cached, 1,000 sessions)', url);
  const bigPath = `/api/v1/events/${editions[1000].eventId}/programme?lang=en`;
  extra.bigBytes = (await rawGet(bigSvc.base + bigPath)).body.length;
  const big = await measure(`service: cached programme of 1,000 sessions (${Math.round(extra.bigBytes / 1024)} KiB raw)`, { url: bigSvc.base + bigPath, slow: true });
  const bigMem = vmHwmMb(bigSvc.pid);
  rows.push({
    figure: `peak memory serving the cached 1,000-session programme (${Math.round(extra.bigBytes / 1024)} KiB raw) to ${CONNECTIONS} connections`,
    service: { rps: big.rps, p50: big.p50, p99: big.p99, errors: big.errors },
    baseline: null,
    ratio: null,
    target: '≤ 300 MB',
    met: bigMem !== null && bigMem <= 300 && big.errors === 0,
    memoryMb: bigMem,
  });
  await stopChild(bigSvc);

  // uncached: few connections (each request builds a megabyte), sequential warm-up
  const uncachedSvc = await startService('service (uncached)', url, { PUBLIC_CACHE_TTL_SECONDS: '0' });
  const barePg = await startBare('pg', { DATABASE_URL: url, POOL_SIZE: '10' });
  const barePgBody = (await rawGet(`${barePg.base}/programme/${eventId}?lang=en`)).body;
  extra.sameBytesUncached = barePgBody.equals((await rawGet(uncachedSvc.base + path)).body) && barePgBody.equals(plain.body);
  const svcUncached = await measure('service: programme, uncached (PUBLIC_CACHE_TTL_SECONDS=0)', { url: uncachedSvc.base + path, connections: 4, slow: true });
  const bareUncached = await measure('bare Fastify + pg: same queries, same JSON', { url: `${barePg.base}/programme/${eventId}?lang=en`, connections: 4, slow: true });
  ratioRow('programme (300 sessions), uncached', svcUncached, bareUncached, 0.9, vmHwmMb(uncachedSvc.pid));

  // growth with size, uncached
  extra.growth = [];
  for (const size of [70, 300, 1000]) {
    const p = `/api/v1/events/${editions[size].eventId}/programme?lang=en`;
    const bytes = (await rawGet(uncachedSvc.base + p)).body.length;
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

/** The abstract book of the 300-session edition (every placed abstract): a cold build, then the cached copy; the service's peak memory. */
async function abstractBookFigures(url, editions) {
  const svc = await startService('book', url);
  try {
    const path = `${svc.base}/api/v1/events/${editions[300].eventId}/abstract-book.pdf?lang=zh`;
    const before = vmHwmMb(svc.pid);
    const t0 = performance.now();
    const res = await fetch(path);
    const pdf = Buffer.from(await res.arrayBuffer());
    const coldMs = Math.round(performance.now() - t0);
    if (res.status !== 200) throw new Error(`abstract book: ${res.status} ${pdf.toString().slice(0, 200)}`);
    const t1 = performance.now();
    const again = await fetch(path);
    await again.arrayBuffer();
    const cachedMs = Math.round(performance.now() - t1);
    const { PDFDocument } = await import('pdf-lib');
    const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    extra.abstractBook = { abstracts: editions[300].talks, pages, bytes: pdf.length, coldMs, cachedMs, memoryBeforeMb: before, memoryPeakMb: vmHwmMb(svc.pid) };
    log(`abstract book: ${JSON.stringify(extra.abstractBook)}`);
  } finally {
    await stopChild(svc);
  }
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
    // The machine is shared: its load average (1, 5, 15 min) when the run started and ended.
    loadAverage: { start: loadAtStart, end: loadavg().map((x) => Number(x.toFixed(1))) },
  };
  const result = { date: new Date().toISOString(), machine, rows, ...extra, totalSeconds: Math.round((Date.now() - started) / 1000) };
  mkdirSync(RESULTS, { recursive: true });
  const md = markdown(result);
  // A partial run (BENCH_ONLY) prints its figures without replacing the last full run's.
  if (!process.env.BENCH_ONLY) {
    writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(RESULTS, 'latest.md'), md);
  }
  console.log(md);
  if (rows.some((r) => r.met === false)) process.exitCode = 2;
}

function markdown(r) {
  const fmt = (m) => (m ? `${m.rps} req/s · p50 ${m.p50} ms · p99 ${m.p99} ms · ${m.errors} errors` : '—');
  const lines = [
    `# Benchmark, ${r.date}`,
    '',
    `Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}; autocannon, ${r.machine.connections} connections, ${r.machine.durationSeconds} s per run after a ${WARMUP} s warm-up, client on the same machine. Load average (1/5/15 min) at start ${r.machine.loadAverage.start.join(' / ')}, at end ${r.machine.loadAverage.end.join(' / ')} (${cpus().length} cores: above ${cpus().length} means other work shared them).`,
    `Data set: ${r.dataset.sessions} sessions, ${r.dataset.speakers} speakers, ${r.dataset.segments} segments, ${r.dataset.people} session people${r.dataset.submissions ? `, ${r.dataset.submissions} talk submissions (${r.dataset.talks} placed in talk segments)` : ''}; programme body ${r.programmeBytes} bytes (brotli ${r.programmeBrBytes}), one day ${r.dayBytes} bytes, 1,000 sessions ${r.bigBytes} bytes (bare baselines serve the same bytes: cached ${r.sameBytesCached ? 'yes' : 'NO'}, uncached ${r.sameBytesUncached ? 'yes' : 'NO'}; Redis mode sends the same brotli bytes: ${r.sameBytesRedis === undefined ? '—' : r.sameBytesRedis ? 'yes' : 'NO'}).`,
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
    ...(r.growth ?? []).map((g) => `| ${g.sessions} | ${g.bytes} | ${g.queries} / ${g.cachedQueries} | ${g.rps} | ${g.p50} ms | ${g.p99} ms | ${g.errors} |`),
    '',
  ];
  if (r.abstractBook) {
    const b = r.abstractBook;
    lines.push(
      '## Abstract book',
      '',
      `The 300-session edition's book in Chinese (${b.abstracts} placed abstracts, ${b.pages} pages, ${Math.round(b.bytes / 1024)} KiB): built in ${b.coldMs} ms on the first request, ${b.cachedMs} ms from the cache; the service's peak memory (VmHWM) ${b.memoryBeforeMb} MB before, ${b.memoryPeakMb} MB after.`,
      '',
    );
  }
  if (typeof r.storm === 'string') lines.push('## Registration storm', '', r.storm, '');
  else if (r.storm) {
    lines.push('## Registration storm', '', r.storm.summary, '', ...r.storm.checks.map((c) => `- ${c.check}: ${c.ok ? 'yes' : 'NO'} (${c.value})`), '');
  }
  lines.push(`Whole run: ${r.totalSeconds} s.`, '');
  return lines.join('\n');
}

const hardStop = setTimeout(() => {
  console.error('bench: over 15 minutes, giving up');
  for (const c of children) c.kill('SIGKILL');
  removeTempDirs();
  process.exit(1);
}, 15 * 60 * 1000);
hardStop.unref();

main()
  .catch((error) => {
    console.error(error);
    for (const c of children) c.kill('SIGKILL');
    removeTempDirs();
    process.exitCode = 1;
  })
  .finally(() => setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref());
