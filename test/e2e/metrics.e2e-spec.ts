import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../src/database/embedded-postgres.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { makeAdmin, makeEdition } from '../factories/index.js';
import { makeOpenEdition, makeUsers, register } from '../factories/registrations.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const TOKEN = 'metrics-token-for-the-tests';

function scrape(port: number, auth?: string): Promise<{ status?: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics', headers: auth ? { authorization: auth } : {} }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, body, type: res.headers['content-type'] }));
      })
      .on('error', reject);
  });
}

/** A sample's value from the exposition text, e.g. value(text, 'http_requests_total', { route: '/health' }). */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('Prometheus metrics on their own port', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_PORT: String(await freePort()), METRICS_TOKEN: TOKEN });
    port = (t.app.get(MetricsService).address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('is not part of the public API, and wants the token', async () => {
    await t.http().get('/metrics').expect(404);
    await t.http().get('/api/v1/metrics').expect(404);
    expect((await scrape(port)).status).toBe(401);
    expect((await scrape(port, 'Bearer wrong-token-of-the-same-len')).status).toBe(401);
    const ok = await scrape(port, `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.type).toContain('text/plain');
  });

  it('counts requests and latencies per route template and status, cache hits and misses, pool, outboxes, registrations and the process', async () => {
    const admin = await makeAdmin(t);
    const edition = await makeEdition(t, admin);
    const programme = `/api/v1/events/${edition.id}/programme`;
    await t.http().get(programme).expect(200);
    await t.http().get(programme).expect(200);
    await t.http().get(`/api/v1/events/00000000-0000-4000-8000-000000000000/programme`).expect(404);
    await t.http().get('/no/such/route').expect(404);

    const open = await makeOpenEdition(t, admin, { capacityInPerson: 1 });
    const [first, second] = await makeUsers(t, 2);
    expect((await register(t, first, open.id, 'in_person')).status).toBe(201);
    expect((await register(t, second, open.id, 'in_person')).status).toBe(201);
    expect((await register(t, second, open.id, 'in_person')).status).toBe(409);

    const { body } = await scrape(port, `Bearer ${TOKEN}`);
    const route = '/api/v1/events/:eventId/programme';
    expect(value(body, 'http_requests_total', { method: 'GET', route, status_code: '200' })).toBe(2);
    expect(value(body, 'http_requests_total', { method: 'GET', route, status_code: '404' })).toBe(1);
    expect(value(body, 'http_requests_total', { route: 'unmatched', status_code: '404' })).toBe(3); // with /metrics and /api/v1/metrics above
    expect(body).not.toContain(edition.id); // templates, never raw URLs
    expect(value(body, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: '200' })).toBe(2);
    expect(value(body, 'http_request_duration_seconds_bucket', { route, status_code: '200', le: '+Inf' })).toBe(2);
    expect(value(body, 'public_cache_hits_total', { kind: 'programme' })).toBe(1);
    expect(value(body, 'public_cache_misses_total', { kind: 'programme' })).toBe(1);
    expect(value(body, 'registrations_total', { outcome: 'confirmed' })).toBe(1);
    expect(value(body, 'registrations_total', { outcome: 'waitlisted' })).toBe(1);
    expect(value(body, 'registrations_total', { outcome: 'already_registered' })).toBe(1);
    expect(value(body, 'db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
    expect(value(body, 'db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
    expect(value(body, 'db_pool_waiting_requests')).toBe(0);
    // The registrations queued notifications (and no webhooks: none registered).
    expect(value(body, 'outbox_pending', { outbox: 'notifications' })).toBeGreaterThanOrEqual(0);
    expect(value(body, 'outbox_pending', { outbox: 'webhooks' })).toBe(0);
    expect(value(body, 'outbox_oldest_pending_age_seconds', { outbox: 'webhooks' })).toBe(0);
    expect(value(body, 'public_cache_listener_connect_attempts_total')).toBe(1);
    expect(value(body, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value(body, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('is off unless METRICS_PORT is set', async () => {
    const plain = await createTestApp();
    try {
      expect(plain.app.get(MetricsService).enabled).toBe(false);
      expect(plain.app.get(MetricsService).address()).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
