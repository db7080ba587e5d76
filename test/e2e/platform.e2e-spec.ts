import { createTestApp, type TestApp } from '../setup/test-app.js';
import { makeUser, TEST_PASSWORD } from '../factories/index.js';

describe('platform behaviour', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('reports health with a database ping', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body.info.database.status).toBe('up');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.http().post('/api/v1/auth/register').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
  });

  it('answers an unknown field with 400 naming it', async () => {
    const res = await t.http().post('/api/v1/auth/register').send({ email: 'a@b.org', password: TEST_PASSWORD, name: 'A', isAdmin: true }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]));
  });

  it('answers a wrong content type with 415', async () => {
    const res = await t.http().post('/api/v1/auth/register').set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/xml').send('<a/>').expect(415);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await t.http().post('/api/v1/auth/register').set('Content-Type', 'application/json').send(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) })).expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a bad UUID in a path with 400', async () => {
    const res = await t.http().get('/api/v1/events/not-a-uuid').expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_PARAMETER', details: [{ field: 'eventId', messages: ['must be a UUID'] }] });
  });

  it('refuses NUL characters with 400', async () => {
    const res = await t.http().post('/api/v1/auth/register').send({ email: 'nul@example.org', password: TEST_PASSWORD, name: 'a\u0000b' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers unknown routes with 404 in the error shape, and sends security headers and a request id', async () => {
    const res = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('allows CORS from configured origins', async () => {
    const res = await t.http().get('/api/v1/events').set('Origin', 'https://app.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
  });

  it('publishes an OpenAPI document that lists every route with its errors', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    const doc = res.body;
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`));
    const fastify = t.app.getHttpAdapter().getInstance();
    const registered = fastify
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((l: string) => l.includes('/api/v1'));
    expect(registered.length).toBeGreaterThan(0);
    for (const expected of ['POST /api/v1/auth/register', 'POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'POST /api/v1/events', 'GET /api/v1/events/{eventId}', 'POST /api/v1/events/{eventId}/members', 'GET /health']) {
      expect(routes).toContain(expected);
    }
    for (const [, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops as Record<string, { responses: Record<string, unknown> }>)) {
        expect(op.responses['500']).toBeDefined();
        expect(Object.keys(op.responses).some((s) => s.startsWith('2'))).toBe(true);
      }
    }
    expect(doc['x-error-codes'].map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'EMAIL_TAKEN']));
    await t.http().get('/docs').expect((r) => expect([200, 301, 302]).toContain(r.status));
  });

  it('signed-in routes refuse anonymous callers', async () => {
    await t.http().get('/api/v1/auth/me').expect(401);
    const user = await makeUser(t);
    await t.http().get('/api/v1/auth/me').set(user.auth).expect(200);
  });
});
