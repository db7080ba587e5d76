import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher.service.js';
import { WebhookResolver } from '../../src/webhooks/webhook-resolver.js';
import { makeAdmin, makeEdition, type TestUser } from '../factories/index.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/** An internal service on loopback that counts what reaches it; answers `status` (and `location`). */
async function internalService(status = 200, location?: string) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      res.statusCode = status;
      if (location) res.setHeader('location', location);
      res.end('internal answer');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The resolver answers as a rebinding DNS server would: the given answers in turn, the last one from then on. */
function controlResolver(t: TestApp, answers: string[][]) {
  const asked: string[] = [];
  t.app.get(WebhookResolver).resolve = async (host: string) => {
    asked.push(host);
    return answers.length > 1 ? answers.shift()! : answers[0];
  };
  return asked;
}

async function endpointWithDelivery(t: TestApp, admin: TestUser, url: string) {
  const edition = await makeEdition(t, admin, {}, false);
  const created = await t.http().post(`/api/v1/events/${edition.id}/webhooks`).set(admin.auth).send({ url, events: ['programme.published'] });
  if (created.status !== 201) return { edition, created };
  await t.http().post(`/api/v1/events/${edition.id}/publish`).set(admin.auth).expect(200);
  return { edition, created };
}

const attemptLog = async (t: TestApp, admin: TestUser, eventId: string, webhookId: string) =>
  (await t.http().get(`/api/v1/events/${eventId}/webhooks/${webhookId}/deliveries`).set(admin.auth).expect(200)).body.items[0].attemptLog as { statusCode: number | null; error: string | null }[];

/** Issue 13, item 1: webhooks connect only to the address that was checked (each failed before the fix). */
describe('security review: webhook SSRF', () => {
  describe('private addresses refused (WEBHOOKS_ALLOW_PRIVATE=false)', () => {
    let t: TestApp;
    let admin: TestUser;
    beforeAll(async () => {
      t = await createTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'false' });
      admin = await makeAdmin(t);
    });
    afterAll(() => t.close());

    it('1. a name answering a public address, then 127.0.0.1, never reaches the internal service, on any attempt', async () => {
      const internal = await internalService(200);
      try {
        const asked = controlResolver(t, [['93.184.215.14'], ['127.0.0.1']]);
        const { edition, created } = await endpointWithDelivery(t, admin, `http://hooks.rebind.test:${internal.port}/admin/reset`);
        expect(created.status).toBe(201);
        const dispatcher = t.app.get(WebhookDispatcher);
        for (let attempt = 0; attempt < 3; attempt++) {
          await t.db.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE endpoint_id = $1`, [created.body.id]);
          expect(await dispatcher.dispatchDue()).toBe(1);
        }
        expect(internal.hits).toEqual([]);
        // Asked at registration, then once per attempt (the connection's own lookup).
        expect(asked).toEqual(Array(4).fill('hooks.rebind.test'));
        // The organiser sees the class of failure, never an internal status or error text.
        expect(await attemptLog(t, admin, edition.id, created.body.id)).toEqual(Array(3).fill(expect.objectContaining({ statusCode: null, error: 'address not allowed' })));
      } finally {
        await internal.close();
      }
    });

    it('1. an answer that mixes a public and a private address is refused whole', async () => {
      const internal = await internalService(200);
      try {
        controlResolver(t, [['93.184.215.14'], ['93.184.215.14', '127.0.0.1']]);
        const { edition, created } = await endpointWithDelivery(t, admin, `http://mixed.rebind.test:${internal.port}/x`);
        await t.app.get(WebhookDispatcher).dispatchDue();
        expect(internal.hits).toEqual([]);
        expect(await attemptLog(t, admin, edition.id, created.body.id)).toEqual([expect.objectContaining({ statusCode: null, error: 'address not allowed' })]);
      } finally {
        await internal.close();
      }
    });
  });

  describe('where private targets are allowed (tests), the connection still goes where the resolver said', () => {
    let t: TestApp;
    let admin: TestUser;
    beforeAll(async () => {
      t = await createTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
      admin = await makeAdmin(t);
    });
    afterAll(() => t.close());

    it('1. connects to the checked address of a name the system DNS does not know', async () => {
      const receiver = await internalService(204);
      try {
        const asked = controlResolver(t, [['127.0.0.1']]);
        const { edition, created } = await endpointWithDelivery(t, admin, `http://receiver.only-in-test.invalid:${receiver.port}/hook`);
        expect(await t.app.get(WebhookDispatcher).dispatchDue()).toBe(1);
        expect(receiver.hits).toEqual(['/hook']);
        expect(asked).toEqual(['receiver.only-in-test.invalid']);
        expect(await attemptLog(t, admin, edition.id, created.body.id)).toEqual([expect.objectContaining({ statusCode: 204, error: null })]);
      } finally {
        await receiver.close();
      }
    });

    it('1. refuses redirects: the target of a 302 is never asked', async () => {
      const inner = await internalService(200);
      const redirector = await internalService(302, `http://127.0.0.1:${inner.port}/internal-only`);
      try {
        const { edition, created } = await endpointWithDelivery(t, admin, `http://127.0.0.1:${redirector.port}/hook`);
        await t.app.get(WebhookDispatcher).dispatchDue();
        expect(redirector.hits).toEqual(['/hook']);
        expect(inner.hits).toEqual([]);
        expect(await attemptLog(t, admin, edition.id, created.body.id)).toEqual([expect.objectContaining({ error: 'redirect refused (HTTP 302)' })]);
      } finally {
        await Promise.all([inner.close(), redirector.close()]);
      }
    });
  });
});
