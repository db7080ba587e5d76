import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher.service.js';
import { verifyWebhook } from '../../src/webhooks/webhook-signature.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback receiver that answers with the statuses it is given, in turn. */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('webhooks', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterAll(() => t.close());

  it('delivers a signed webhook to a loopback server when the programme is published', async () => {
    const hook = await receiver([200]);
    try {
      const edition = await makeEdition(t, admin, {}, false);
      const created = await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(admin.auth).send({ url: hook.url, events: ['programme.published'] }).expect(201);
      expect(created.body.secret).toEqual(expect.any(String));
      const listed = await t.http().get(`/api/v1/events/${edition.id}/webhooks`).set(admin.auth).expect(200);
      expect(listed.body[0]).not.toHaveProperty('secret');

      await t.http().post(`/api/v1/events/${edition.id}/publish`).set(admin.auth).expect(200);
      expect(await t.app.get(WebhookDispatcher).dispatchDue()).toBe(1);

      expect(hook.received).toHaveLength(1);
      const [delivery] = hook.received;
      expect(verifyWebhook(created.body.secret, delivery.body, String(delivery.headers['x-congress-signature']))).toBe(true);
      expect(verifyWebhook('another-secret-entirely', delivery.body, String(delivery.headers['x-congress-signature']))).toBe(false);
      expect(JSON.parse(delivery.body)).toMatchObject({ type: 'programme.published', eventId: edition.id, data: { event: { id: edition.id } } });

      const log = await t.http().get(`/api/v1/events/${edition.id}/webhooks/${created.body.id}/deliveries`).set(admin.auth).expect(200);
      expect(log.body.items[0]).toMatchObject({ status: 'delivered', attempts: 1, attemptLog: [{ attempt: 1, statusCode: 200, error: null }] });
    } finally {
      await hook.close();
    }
  });

  it('retries a failed delivery with backoff and logs every attempt', async () => {
    const hook = await receiver([500, 503, 200]);
    try {
      const edition = await makeEdition(t, admin, {}, false);
      const created = await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(admin.auth).send({ url: hook.url, events: ['programme.published'] }).expect(201);
      await t.http().post(`/api/v1/events/${edition.id}/publish`).set(admin.auth).expect(200);
      const dispatcher = t.app.get(WebhookDispatcher);

      expect(await dispatcher.dispatchDue()).toBe(1);
      const [afterFirst] = await t.db.query(`SELECT status, attempts, next_attempt_at > now() + interval '5 seconds' AS backed_off FROM webhook_deliveries WHERE endpoint_id = $1`, [created.body.id]);
      expect(afterFirst).toEqual({ status: 'pending', attempts: 1, backed_off: true });
      // Not due yet: nothing is sent.
      expect(await dispatcher.dispatchDue()).toBe(0);

      // Drive the clock: make the retry due now, twice.
      for (let i = 0; i < 2; i++) {
        await t.db.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE endpoint_id = $1`, [created.body.id]);
        expect(await dispatcher.dispatchDue()).toBe(1);
      }
      const log = await t.http().get(`/api/v1/events/${edition.id}/webhooks/${created.body.id}/deliveries`).set(admin.auth).expect(200);
      expect(log.body.items[0].status).toBe('delivered');
      expect(log.body.items[0].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 503, 200]);
      expect(hook.received).toHaveLength(3);
      // The same delivery id on every attempt, so receivers can de-duplicate.
      expect(new Set(hook.received.map((r) => r.headers['x-congress-delivery'])).size).toBe(1);
    } finally {
      await hook.close();
    }
  });

  it('gives up after the maximum number of attempts', async () => {
    const edition = await makeEdition(t, admin, {}, false);
    const created = await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(admin.auth).send({ url: 'http://127.0.0.1:9/nothing-listens', events: ['programme.published'] }).expect(201);
    await t.http().post(`/api/v1/events/${edition.id}/publish`).set(admin.auth).expect(200);
    await t.db.query(`UPDATE webhook_deliveries SET attempts = 7 WHERE endpoint_id = $1`, [created.body.id]);
    await t.app.get(WebhookDispatcher).dispatchDue();
    const [row] = await t.db.query(`SELECT status, attempts, last_error FROM webhook_deliveries WHERE endpoint_id = $1`, [created.body.id]);
    expect(row).toMatchObject({ status: 'failed', attempts: 8 });
    expect(row.last_error).toBeTruthy();
  });

  it('lets only owners and organisers manage webhooks, and validates them', async () => {
    const edition = await makeEdition(t, admin);
    const organiser = await makeUser(t);
    const stranger = await makeUser(t);
    await grant(t, admin, edition.id, organiser, 'organiser');
    await t.http().get(`/api/v1/events/${edition.id}/webhooks`).set(stranger.auth).expect(403);
    await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(organiser.auth).send({ url: 'ftp://x.example/y', events: ['session.created'] }).expect(400);
    await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(organiser.auth).send({ url: 'https://x.example/y', events: ['nope'] }).expect(400);
    await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(organiser.auth).send({ url: 'https://x.example/y', events: [] }).expect(400);
    const hook = await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(organiser.auth).send({ url: 'https://hooks.example.org/x', events: ['session.created'] }).expect(201);
    await t.http().delete(`/api/v1/events/${edition.id}/webhooks/${hook.body.id}`).set(organiser.auth).expect(204);
    await t.http().delete(`/api/v1/events/${edition.id}/webhooks/${hook.body.id}`).set(organiser.auth).expect(404);
  });
});

describe('webhooks to private addresses', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'false' })));
  afterAll(() => t.close());

  it('refuses loopback and private endpoints unless configuration allows them', async () => {
    const admin = await makeAdmin(t);
    const edition = await makeEdition(t, admin);
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.0.0.5/x', 'http://[::1]/x', 'http://169.254.169.254/latest']) {
      const res = await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(admin.auth).send({ url, events: ['session.created'] });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.details[0].field).toBe('url');
    }
  });
});

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('records who changed what with the values before and after, for owners and organisers to read', async () => {
    const admin = await makeAdmin(t);
    const edition = await makeEdition(t, admin);
    const organiser = await makeUser(t);
    const reviewer = await makeUser(t);
    await grant(t, admin, edition.id, organiser, 'organiser');
    await grant(t, admin, edition.id, reviewer, 'reviewer');
    await t.http().patch(`/api/v1/events/${edition.id}`).set(organiser.auth).send({ venue: 'Hall B' }).expect(200);

    const res = await t.http().get(`/api/v1/events/${edition.id}/audit?action=event.update`).set(organiser.auth).expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      actor: { id: organiser.id },
      action: 'event.update',
      entityType: 'event',
      entityId: edition.id,
      before: { venue: 'Convention Center' },
      after: { venue: 'Hall B' },
    });
    expect(res.body.items[0].at).toMatch(/\+08:00$/);
    const all = await t.http().get(`/api/v1/events/${edition.id}/audit?limit=2`).set(admin.auth).expect(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    await t.http().get(`/api/v1/events/${edition.id}/audit`).set(reviewer.auth).expect(403);
  });
});
