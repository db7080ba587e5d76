import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { generateClientTypes } from '../../client/generate.js';
import { walk } from '../../client/flow.js';
import { makeAdmin, TEST_PASSWORD } from '../factories/index.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const TYPES = join(process.cwd(), 'client/api.d.ts');

describe('the generated, typed client (client/)', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t.close());

  it('has types generated from the current document (npm run client regenerates them)', async () => {
    const generated = await generateClientTypes((await t.http().get('/docs-json').expect(200)).body);
    if (process.env.WRITE_CLIENT_TYPES === '1') writeFileSync(TYPES, generated);
    expect(readFileSync(TYPES, 'utf8')).toBe(generated);
  });

  it('walks sign-in → hybrid session → programme → abstract → registration with an Idempotency-Key → ticket, every answer checked against the document', async () => {
    const admin = await makeAdmin(t);
    // The client's own fetch, with each answer checked against the contract like supertest's.
    const checkedFetch: typeof fetch = async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const res = await fetch(request);
      const text = await res.clone().text();
      const type = res.headers.get('content-type') ?? '';
      const body: unknown = type.includes('json') && text ? JSON.parse(text) : text;
      t.contract.assert(request.method, new URL(request.url).pathname, { status: res.status, headers: Object.fromEntries(res.headers), body } as unknown as Response);
      return res;
    };
    const result = await walk(baseUrl, { email: admin.email, password: TEST_PASSWORD }, { email: `walker-${Date.now()}@test.example`, password: TEST_PASSWORD }, checkedFetch);

    const [session] = await t.db.query(`SELECT room_id, channel_id, track_id, format FROM sessions WHERE id = $1`, [result.sessionId]);
    expect(session).toEqual({ room_id: result.sessionRoomId, channel_id: result.sessionChannelId, track_id: result.sessionTrackId, format: 'hybrid' });
    expect([result.sessionRoomId, result.sessionChannelId, result.sessionTrackId]).not.toContain(null);
    expect(result.programmeSessionTitles).toContain('Advances in lymphoma');
    expect(result.submissionStatus).toBe('submitted');
    expect(result.registrationStatus).toBe('confirmed');
    expect(result.replayed).toBe(true);
    const [registration] = await t.db.query(`SELECT count(*)::int AS n, min(ticket_token) AS token FROM registrations WHERE event_id = $1`, [result.eventId]);
    expect(registration).toEqual({ n: 1, token: result.ticketToken });
  });
});
