// The registration storm: 2,000 registrants (tokens signed in advance) for 500 in-person seats,
// spread over two service processes on one database, beside the same transaction run bare on `pg`
// (two bare processes). The invariants are checked in SQL afterwards.
import autocannon from 'autocannon';
import { createHmac } from 'node:crypto';
import pg from 'pg';

const REGISTRANTS = 2000;
const SEATS = 500;
const CONNECTIONS_PER_PROCESS = 16;

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(sub, secret) {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, iat: now, exp: now + 3600 })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

async function edition(client, slug) {
  const { rows: [e] } = await client.query(
    `INSERT INTO events (slug, title, city, venue, starts_on, ends_on, time_zone, format, capacity_in_person, capacity_online,
                         registration_opens_at, registration_closes_at, published_at)
     VALUES ($1, '{"en":"Registration storm","zh":"注册压力测试"}', 'Jinan', 'Convention Center', current_date + 60, current_date + 64,
             'Asia/Shanghai', 'hybrid', $2, NULL, now() - interval '1 day', now() + interval '30 days', now()) RETURNING id`,
    [slug, SEATS],
  );
  await client.query(
    `INSERT INTO registration_capacities (event_id, mode, capacity) VALUES ($1, 'in_person', $2), ($1, 'online', NULL) ON CONFLICT DO NOTHING`,
    [e.id, SEATS],
  );
  return e.id;
}

/** Fires every registrant once, half at each target, all at once (bounded: one request each). */
async function storm(targets, eventId, users, headersFor) {
  const half = Math.ceil(users.length / targets.length);
  const started = Date.now();
  const runs = targets.map((base, i) => {
    const mine = users.slice(i * half, (i + 1) * half);
    let next = 0;
    return autocannon({
      url: `${base}/events/${eventId}/registrations`,
      connections: CONNECTIONS_PER_PROCESS,
      amount: mine.length,
      timeout: 30,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'in_person' }),
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...headersFor(mine[next++ % mine.length]) } }) }],
    });
  });
  const results = await Promise.all(runs);
  const seconds = (Date.now() - started) / 1000;
  const total = results.reduce((n, r) => n + Object.values(r.statusCodeStats ?? {}).reduce((m, v) => m + v.count, 0), 0);
  const created = results.reduce((n, r) => n + (r.statusCodeStats?.['201']?.count ?? 0), 0);
  const p = (k) => Math.max(...results.map((r) => r.latency[k]));
  return {
    rps: Math.round(total / seconds),
    p50: p('p50'),
    p99: p('p99'),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0) + (total - created),
    requests: total,
    created,
    seconds: Number(seconds.toFixed(2)),
  };
}

async function invariants(client, eventId) {
  const q = async (sql) => (await client.query(sql, [eventId])).rows[0];
  const counts = await q(`SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted,
                                 count(*)::int AS total, count(DISTINCT user_id)::int AS people FROM registrations WHERE event_id = $1`);
  const line = await q(`SELECT count(*)::int AS n, count(DISTINCT waitlist_position)::int AS distinct_positions, coalesce(min(waitlist_position), 0) AS min,
                               coalesce(max(waitlist_position), 0) AS max FROM registrations WHERE event_id = $1 AND status = 'waitlisted'`);
  const cap = await q(`SELECT confirmed, waitlisted FROM registration_capacities WHERE event_id = $1 AND mode = 'in_person'`);
  return [
    { check: `exactly ${SEATS} confirmed`, ok: counts.confirmed === SEATS, value: counts.confirmed },
    { check: `${REGISTRANTS - SEATS} on the waiting list, positions 1..n without gaps or repeats`, ok: line.n === REGISTRANTS - SEATS && line.distinct_positions === line.n && line.min === (line.n ? 1 : 0) && line.max === line.n, value: `${line.n} waiting, positions ${line.min}..${line.max}, ${line.distinct_positions} distinct` },
    { check: 'no one registered twice', ok: counts.people === counts.total && counts.total === REGISTRANTS, value: `${counts.total} registrations, ${counts.people} people` },
    { check: 'capacity counters match the rows', ok: cap.confirmed === counts.confirmed && cap.waitlisted === counts.waitlisted, value: `${cap.confirmed} / ${cap.waitlisted}` },
  ];
}

export async function runStorm({ url, startService, startBare, stopChild, ratioRow, rows, vmHwmMb, jwtSecret, extra, log }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: users } = await client.query(
      `INSERT INTO users (email, password_hash, name)
       SELECT 'storm-' || i || '@bench.example', 'not-a-hash', 'Registrant ' || i FROM generate_series(1, $1) AS i RETURNING id`,
      [REGISTRANTS],
    );
    const ids = users.map((u) => u.id);
    const tokens = new Map(ids.map((id) => [id, jwt(id, jwtSecret)]));
    const serviceEvent = await edition(client, `storm-service-${Date.now().toString(36)}`);
    const bareEvent = await edition(client, `storm-bare-${Date.now().toString(36)}`);
    log(`storm: ${REGISTRANTS} registrants, ${SEATS} seats, tokens signed`);

    const a = await startService('service A (storm)', url);
    const b = await startService('service B (storm)', url);
    const svc = await storm([`${a.base}/api/v1`, `${b.base}/api/v1`], serviceEvent, ids, (id) => ({ authorization: `Bearer ${tokens.get(id)}` }));
    const memory = [vmHwmMb(a.pid), vmHwmMb(b.pid)];
    log(`storm on two service processes: ${JSON.stringify(svc)}`);
    await stopChild(a);
    await stopChild(b);

    const bareA = await startBare('register', { DATABASE_URL: url, POOL_SIZE: '10' });
    const bareB = await startBare('register', { DATABASE_URL: url, POOL_SIZE: '10' });
    const bare = await storm([bareA.base, bareB.base], bareEvent, ids, (id) => ({ 'x-user-id': id }));
    log(`storm on two bare processes: ${JSON.stringify(bare)}`);
    await stopChild(bareA);
    await stopChild(bareB);

    const checks = await invariants(client, serviceEvent);
    const bareChecks = await invariants(client, bareEvent);
    ratioRow(`registration storm: ${REGISTRANTS} registrants, ${SEATS} seats, two processes`, svc, bare, 0.5, Math.max(...memory));
    extra.storm = {
      summary: `${REGISTRANTS} registrants (tokens signed in advance) for ${SEATS} in-person seats, ${CONNECTIONS_PER_PROCESS} connections to each of two service processes on one database: ${svc.created} answered 201 in ${svc.seconds} s (${svc.rps} req/s, p50 ${svc.p50} ms, p99 ${svc.p99} ms); the same transaction bare on pg, two processes: ${bare.seconds} s (${bare.rps} req/s). Peak memory of the two service processes: ${memory.join(' MB and ')} MB.`,
      checks: [...checks, ...bareChecks.map((c) => ({ ...c, check: `bare baseline: ${c.check}` }))],
      service: svc,
      bare,
    };
    rows.push({
      figure: 'registration storm: invariants in SQL afterwards',
      service: { text: checks.map((c) => `${c.check}: ${c.ok ? 'yes' : 'NO'}`).join('; ') },
      baseline: null,
      ratio: null,
      target: 'all hold',
      met: checks.every((c) => c.ok),
      memoryMb: null,
    });
  } finally {
    await client.end();
  }
}
