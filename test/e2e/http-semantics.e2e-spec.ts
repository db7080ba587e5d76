import { createTestApp, type TestApp } from '../setup/test-app.js';
import { makeAdmin, makeEdition, makeUser, TEST_PASSWORD, type TestUser } from '../factories/index.js';
import { makeOpenEdition } from '../factories/registrations.js';

describe('HTTP semantics (issue 12)', () => {
  let t: TestApp;
  let admin: TestUser;
  let eventId: string;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: '*' });
    admin = await makeAdmin(t);
    eventId = (await makeEdition(t, admin)).id;
  });
  afterAll(() => t.close());

  describe('If-None-Match compares weakly', () => {
    const paths = () => [`/api/v1/events/${eventId}/programme`, `/api/v1/events/${eventId}/schedule.xml`];

    it('answers the weak form of the current ETag with 304', async () => {
      for (const path of paths()) {
        const first = await t.http().get(path).expect(200);
        const etag = first.headers.etag as string;
        expect(etag).toMatch(/^"[^"]+"$/);
        const weak = await t.http().get(path).set('If-None-Match', `W/${etag}`).expect(304);
        expect(weak.headers.etag).toBe(etag);
        await t.http().get(path).set('If-None-Match', `"other", W/${etag}`).expect(304);
        await t.http().get(path).set('If-None-Match', 'W/"other"').expect(200);
      }
    });

    it('answers * with 304 and a request for a fresh copy still by the validator', async () => {
      for (const path of paths()) {
        await t.http().get(path).set('If-None-Match', '*').expect(304);
        const etag = (await t.http().get(path).expect(200)).headers.etag as string;
        await t.http().get(path).set('If-None-Match', etag).set('Cache-Control', 'no-cache').expect(304);
      }
    });
  });

  describe('Vary', () => {
    it('names Accept-Language on the programme and keeps Origin from CORS', async () => {
      const res = await t.http().get(`/api/v1/events/${eventId}/programme`).set('Origin', 'https://app.example').expect(200);
      const vary = String(res.headers.vary).split(',').map((v) => v.trim().toLowerCase());
      expect(vary).toEqual(expect.arrayContaining(['origin', 'accept-language']));
      const notModified = await t.http().get(`/api/v1/events/${eventId}/programme`).set('Origin', 'https://app.example').set('If-None-Match', res.headers.etag as string).expect(304);
      expect(String(notModified.headers.vary).toLowerCase()).toContain('accept-language');
    });

    it('names Accept-Language on the schedule exports and the agenda feeds, Authorization on the own agenda', async () => {
      const vary = (res: { headers: Record<string, unknown> }) => String(res.headers.vary).split(',').map((v) => v.trim().toLowerCase());
      expect(vary(await t.http().get(`/api/v1/events/${eventId}/schedule.ics`).expect(200))).toContain('accept-language');
      const user = await makeUser(t);
      expect(vary(await t.http().get('/api/v1/me/agenda.ics').set(user.auth).expect(200))).toEqual(expect.arrayContaining(['accept-language', 'authorization']));
      const feed = await t.http().post('/api/v1/me/agenda/feed-token').set(user.auth).expect(201);
      expect(vary(await t.http().get(`/api/v1/agenda/${feed.body.token}/agenda.ics`).expect(200))).toContain('accept-language');
    });

    it('names Authorization too where the body depends on who asks (a draft)', async () => {
      const draft = await makeEdition(t, admin, {}, false);
      const res = await t.http().get(`/api/v1/events/${draft.id}/programme`).set(admin.auth).expect(200);
      expect(res.headers['cache-control']).toBe('private, no-store');
      const vary = String(res.headers.vary).split(',').map((v) => v.trim().toLowerCase());
      expect(vary).toEqual(expect.arrayContaining(['accept-language', 'authorization']));
    });
  });

  describe('415 for every body that is not JSON', () => {
    it('refuses a form body at sign-in with the shared error shape', async () => {
      const user = await makeUser(t);
      const res = await t.http().post('/api/v1/auth/login').type('form').send({ email: user.email, password: TEST_PASSWORD }).expect(415);
      expect(res.body).toEqual({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('never creates a registration from a form body', async () => {
      const open = await makeOpenEdition(t, admin);
      const user = await makeUser(t);
      await t.http().post(`/api/v1/events/${open.id}/registrations`).set(user.auth).type('form').send({ mode: 'online' }).expect(415);
      await t.http().post(`/api/v1/events/${open.id}/registrations`).set(user.auth).set('Content-Type', 'multipart/form-data; boundary=x').send('--x--').expect(415);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [open.id]);
      expect(n).toBe(0);
      await t.http().post(`/api/v1/events/${open.id}/registrations`).set(user.auth).send({ mode: 'online' }).expect(201);
    });

    it('still takes JSON with a charset', async () => {
      const user = await makeUser(t);
      await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify({ email: user.email, password: TEST_PASSWORD })).expect(200);
    });
  });

  describe('security headers fit the transport', () => {
    it('sends no HSTS or upgrade-insecure-requests over plain HTTP', async () => {
      const res = await t.http().get('/api/v1/events').expect(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    });

    it('sends both when the proxy says the request came over TLS', async () => {
      // Only a trusted proxy is believed (TRUSTED_PROXIES; by default none): the test client is that proxy.
      const behindProxy = await createTestApp({ TRUSTED_PROXIES: '127.0.0.1/8' });
      try {
        const res = await behindProxy.http().get('/api/v1/events').set('X-Forwarded-Proto', 'https').expect(200);
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
        // An untrusted client saying so is not believed.
        const spoofed = await t.http().get('/api/v1/events').set('X-Forwarded-Proto', 'https').expect(200);
        expect(spoofed.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await behindProxy.close();
      }
    });

    it('sends both on every response with HTTPS_ONLY=true', async () => {
      const tls = await createTestApp({ HTTPS_ONLY: 'true' });
      try {
        const res = await tls.http().get('/api/v1/events').expect(200);
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      } finally {
        await tls.close();
      }
    });
  });

  it('Swagger UI keeps the bearer token across reloads', async () => {
    const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });
});
