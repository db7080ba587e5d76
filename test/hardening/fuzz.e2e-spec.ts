import fc from 'fast-check';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { fill, operations, type Operation } from './routes.js';

/**
 * Property: whatever a client sends, the answer is never a 5xx. Generated bad bodies go to every
 * route with a body, bad path and query values to every route; the routes come from the app's own
 * OpenAPI document, so a new route is fuzzed without anyone listing it here.
 */
const nasty = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 31, -(2 ** 31) - 1, 0.5),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', 'a\u0000b', '\u0000', 'x'.repeat(20000), '😀'.repeat(300), '<script>alert(1)</script>', "'; DROP TABLE users; --"),
  fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', '2025-02-30', '2025-09-10T25:00:00Z', '9999-12-31', 'Mars/Olympus'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** A body built from the route's schema with some fields replaced by nasty values, plus unknown fields. */
function badBody(op: Operation) {
  const props = Object.keys((op.bodySchema?.properties as Record<string, unknown>) ?? {});
  return fc.record({
    replace: fc.subarray(props),
    values: fc.array(nasty, { minLength: props.length + 1, maxLength: props.length + 1 }),
    unknown: fc.boolean(),
  }).map(({ replace, values, unknown }) => {
    const body: Record<string, unknown> = {};
    replace.forEach((p, i) => (body[p] = values[i]));
    if (unknown) body.__proto__x = values[values.length - 1];
    return body;
  });
}

const rawBodies = fc.constantFrom(
  '{"a": ',
  '[]',
  '"just a string"',
  'null',
  '12',
  '{"title": {"en": "\\u0000"}}',
  '{' + '"k":1,'.repeat(10) + '"end":true}',
  '{"nested": ' + '['.repeat(500) + ']'.repeat(500) + '}',
);

const badPathValue = fc.constantFrom('not-a-uuid', '1', "' OR 1=1 --", '%00', '00000000-0000-0000-0000-00000000000g', 'a'.repeat(300));
const badQueryValue = fc.constantFrom('-1', '0', '101', '1e309', 'abc', '%00', '', 'true', '[]', '2025-13-45', 'x'.repeat(3000));

describe('fuzzing every route', () => {
  let t: TestApp;
  let admin: TestUser;
  let user: TestUser;
  let ops: Operation[];
  let realIds: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
    user = await makeUser(t);
    const edition = await makeEdition(t, admin);
    realIds = { eventId: edition.id, userId: user.id };
    // An event stream that is allowed never ends; its access is in the authorization matrix, its
    // parameters are the same UUID pipe every other route fuzzed here uses.
    ops = operations(t).ops.filter((o) => !o.stream);
  });
  afterAll(() => t.close());

  const call = (op: Operation, path: string, who: TestUser | undefined) => {
    const req = (t.http() as any)[op.method](path);
    return who ? req.set(who.auth) : req;
  };

  it('never answers 5xx to bad bodies', async () => {
    const withBody = ops.filter((o) => o.hasBody);
    expect(withBody.length).toBeGreaterThan(3);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withBody), fc.boolean(), fc.oneof(badBody(withBody[0]), rawBodies), async (op, asAdmin, body) => {
        const generated = typeof body === 'string' ? body : JSON.stringify(body);
        const res = await call(op, fill(op.path, realIds), asAdmin ? admin : user).set('Content-Type', 'application/json').send(generated);
        if (res.status >= 500) throw new Error(`${op.method.toUpperCase()} ${op.path} answered ${res.status} to ${generated.slice(0, 200)}: ${JSON.stringify(res.body)}`);
      }),
      { numRuns: withBody.length * 12 },
    );
    // Per-route bodies built from each route's own schema.
    for (const op of withBody) {
      await fc.assert(
        fc.asyncProperty(badBody(op), async (body) => {
          const res = await call(op, fill(op.path, realIds), admin).send(body);
          if (res.status >= 500) throw new Error(`${op.method.toUpperCase()} ${op.path} answered ${res.status} to ${JSON.stringify(body).slice(0, 200)}: ${JSON.stringify(res.body)}`);
          expect(res.status).toBeGreaterThanOrEqual(200);
        }),
        { numRuns: 8 },
      );
    }
  });

  it('never answers 5xx to wrong content types or oversized bodies', async () => {
    for (const op of ops.filter((o) => o.hasBody)) {
      const path = fill(op.path, realIds);
      for (const [type, body] of [
        ['text/plain', 'hello'],
        ['application/xml', '<a/>'],
        ['application/x-www-form-urlencoded', 'a=1'],
        ['application/json', JSON.stringify({ x: 'y'.repeat(1024 * 1024) })],
      ] as const) {
        const res = await call(op, path, admin).set('Content-Type', type).send(body);
        expect({ route: `${op.method} ${op.path}`, type, status: res.status < 500 }).toEqual({ route: `${op.method} ${op.path}`, type, status: true });
      }
    }
  });

  it('never answers 5xx to bad path parameters and query values', async () => {
    const withParams = ops.filter((o) => o.pathParams.length || o.query.length);
    const request = fc.constantFrom(...withParams).chain((op) =>
      fc.tuple(
        fc.constant(op),
        badPathValue,
        // each query parameter absent or given one bad value, independently
        fc.array(fc.option(badQueryValue, { nil: undefined, freq: 2 }), { minLength: op.query.length, maxLength: op.query.length }),
        fc.boolean(),
      ),
    );
    await fc.assert(
      fc.asyncProperty(request, async ([op, pathValue, queryValues, asAdmin]) => {
        const values = Object.fromEntries(op.pathParams.map((p) => [p, pathValue]));
        const query = op.query
          .flatMap((q, i) => (queryValues[i] === undefined ? [] : [`${encodeURIComponent(q.name)}=${encodeURIComponent(queryValues[i]!)}`]))
          .join('&');
        // Bad path values with a real edition id elsewhere, and bad query values on real ids.
        for (const path of [fill(op.path, { ...realIds, ...values }), `${fill(op.path, realIds)}${query ? `?${query}` : ''}`]) {
          const res = await call(op, path, asAdmin ? admin : undefined).set('Content-Type', 'application/json').send(op.hasBody ? '{}' : undefined);
          if (res.status >= 500) throw new Error(`${op.method.toUpperCase()} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
      }),
      { numRuns: Math.max(100, withParams.length * 25) },
    );
    // The runs grow with the number of routes; on two shared cores under the whole suite this takes minutes.
  }, 180_000);

  it('answers a malformed id in the path with 400, and limits out of range with 400', async () => {
    const get = ops.find((o) => o.method === 'get' && o.path === '/api/v1/events/{eventId}')!;
    expect((await call(get, fill(get.path, { eventId: 'nope' }), admin)).status).toBe(400);
    for (const limit of ['0', '101', '-5', 'ten']) expect((await t.http().get(`/api/v1/events?limit=${limit}`)).status).toBe(400);
    const end = await t.http().post('/api/v1/events').set(admin.auth).send({ slug: 'x', title: { en: 'x' }, city: 'x', startsOn: '2025-09-14', endsOn: '2025-09-10', timeZone: 'Asia/Shanghai', format: 'hybrid' });
    expect(end.status).toBe(400);
    expect(end.body.details.map((d: { field: string }) => d.field)).toContain('endsOn');
  });
});
