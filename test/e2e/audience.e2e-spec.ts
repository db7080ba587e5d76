import { get } from 'node:http';
import { createLocalJWKSet, jwtVerify, SignJWT, generateKeyPair } from 'jose';
import { Clock } from '../../src/common/clock.js';
import { PresenceService } from '../../src/audience/presence.service.js';
import { beat, makeOnlineRegistrants, streamToken } from '../factories/audience.js';
import { grant, makeAdmin, makeUser, type TestUser } from '../factories/index.js';
import { makeAttendee, makeOpenEdition, makeRoom, makeSession, registered } from '../factories/registrations.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The online audience without Redis (presence staged in PostgreSQL): stream tokens and the JWKS,
 * the device limit under concurrent starts, the refusals, revocation on cancellation, and exact
 * per-minute counts and watch minutes through the flush. Time is the injectable Clock.
 */
describe('online audience (PostgreSQL presence)', () => {
  let t: TestApp;
  let clock: Clock;
  let presence: PresenceService;
  let admin: TestUser;
  let eventId: string;
  let online: string;
  let other: string;
  const START = '2025-09-10T01:00:00Z';
  const at = (minutes: number, seconds = 0) => new Date(Date.parse(START) + minutes * 60000 + seconds * 1000);

  beforeAll(async () => {
    t = await createTestApp({ STREAM_MAX_DEVICES: '2', AUDIENCE_FLUSH_INTERVAL_MS: '0', STREAM_TOKEN_TTL_SECONDS: '300' });
    clock = t.app.get(Clock);
    presence = t.app.get(PresenceService);
    admin = await makeAdmin(t);
    eventId = (await makeOpenEdition(t, admin)).id;
    const channel = await makeRoom(t, eventId, { kind: 'channel', streamUrl: 'https://live.example/s', platform: 'Tencent Meeting' });
    online = await makeSession(t, eventId, { format: 'online', channelId: channel, startsAt: START, endsAt: '2025-09-10T02:00:00Z' });
    other = await makeSession(t, eventId, { format: 'online', channelId: channel, startsAt: '2025-09-10T03:00:00Z', endsAt: '2025-09-10T04:00:00Z' });
  });
  afterAll(async () => {
    clock?.set(undefined);
    await t?.close();
  });
  beforeEach(() => clock.set(at(0, 5)));

  it('signs tokens that verify against the published JWKS, bound to registration, device and session', async () => {
    const [viewer] = await makeOnlineRegistrants(t, eventId, 1);
    const token = await streamToken(t, viewer, online, 'tablet-7');
    const jwks = await t.http().get('/api/v1/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys.length).toBeGreaterThanOrEqual(1);
    for (const k of jwks.body.keys) expect(k.d).toBeUndefined(); // public halves only
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks.body), { audience: 'congress-stream', currentDate: clock.now() });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: viewer.id, sid: online, eid: eventId, reg: viewer.registrationId, dev: 'tablet-7' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
    // A token signed with another key is refused.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ ...payload }).setProtectedHeader({ alg: 'ES256', kid: protectedHeader.kid }).sign(privateKey);
    expect((await beat(t, online, forged).expect(401)).body.code).toBe('STREAM_TOKEN_INVALID');
    await beat(t, online, token).expect(204);
  });

  it('admits only confirmed registrants whose mode admits the session, and names a bad device id', async () => {
    const stranger = await makeAttendee(t, 'stranger');
    const res = await t.http().post(`/api/v1/sessions/${online}/stream-token`).set(stranger.auth).send({ deviceId: 'x' }).expect(403);
    expect(res.body.code).toBe('STREAM_NOT_ADMITTED');
    const onSite = await makeAttendee(t, 'onsite');
    await registered(t, onSite, eventId, 'in_person');
    expect((await t.http().post(`/api/v1/sessions/${online}/stream-token`).set(onSite.auth).send({ deviceId: 'x' }).expect(403)).body.code).toBe('STREAM_NOT_ADMITTED');
    const [viewer] = await makeOnlineRegistrants(t, eventId, 1);
    const bad = await t.http().post(`/api/v1/sessions/${online}/stream-token`).set(viewer.auth).send({ deviceId: 'no spaces allowed' }).expect(400);
    expect(JSON.stringify(bad.body.details)).toContain('deviceId');
    await t.http().post(`/api/v1/sessions/${online}/stream-token`).send({ deviceId: 'x' }).expect(401);
  });

  it('keeps at most two devices under concurrent starts: the newest two watch, the others are pushed out', async () => {
    const [viewer] = await makeOnlineRegistrants(t, eventId, 1);
    const devices = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
    const tokens = await Promise.all(devices.map((d) => streamToken(t, viewer, online, d)));
    const active = await t.db.query(`SELECT device_id FROM stream_devices WHERE registration_id = $1 AND ended_at IS NULL`, [viewer.registrationId]);
    expect(active).toHaveLength(2);
    const slots = await t.db.query(`SELECT slot FROM stream_devices WHERE registration_id = $1 AND ended_at IS NULL ORDER BY slot`, [viewer.registrationId]);
    expect(slots.map((r: { slot: number }) => r.slot)).toEqual([1, 2]);
    const statuses = await Promise.all(tokens.map(async (tk) => (await beat(t, online, tk)).body.code ?? 'ok'));
    expect(statuses.filter((s) => s === 'ok')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'STREAM_DEVICE_PUSHED_OUT')).toHaveLength(4);
    // The two that count are the two still active.
    const activeIds = new Set<string>(active.map((r: { device_id: string }) => r.device_id));
    devices.forEach((d, i) => expect(statuses[i] === 'ok').toBe(activeIds.has(d)));
    // The same device renewing its token pushes nobody out.
    const kept = [...activeIds][0];
    await streamToken(t, viewer, online, kept);
    expect(await t.db.query(`SELECT 1 FROM stream_devices WHERE registration_id = $1 AND ended_at IS NULL`, [viewer.registrationId])).toHaveLength(2);
  });

  it('refuses beats with the documented codes: no or bad token, another session, not running, expired', async () => {
    const [viewer] = await makeOnlineRegistrants(t, eventId, 1);
    const token = await streamToken(t, viewer, online);
    expect((await beat(t, online, undefined).expect(401)).body.code).toBe('STREAM_TOKEN_INVALID');
    expect((await beat(t, online, 'not-a-token').expect(401)).body.code).toBe('STREAM_TOKEN_INVALID');
    expect((await beat(t, other, token).expect(401)).body.code).toBe('STREAM_TOKEN_INVALID');
    expect((await t.http().post(`/api/v1/sessions/not-a-uuid/presence`).set('X-Stream-Token', token).send({}).expect(400)).body.code).toBe('INVALID_PARAMETER');
    clock.set(at(-1));
    const early = await streamToken(t, viewer, online);
    expect((await beat(t, online, early).expect(409)).body.code).toBe('SESSION_NOT_LIVE');
    clock.set(at(60));
    expect((await beat(t, online, early).expect(401)).body.code).toBe('STREAM_TOKEN_INVALID'); // expired, and the session is over
    clock.set(at(3, 59));
    await beat(t, online, early).expect(204); // 299 s after issue: still valid
    clock.set(at(4, 0));
    expect((await beat(t, online, early).expect(401)).body.code).toBe('STREAM_TOKEN_INVALID'); // 300 s: expired
  });

  it('revokes the devices of a cancelled registration', async () => {
    const viewer = await makeAttendee(t, 'canceller');
    const reg = await registered(t, viewer, eventId, 'online');
    const token = await streamToken(t, viewer, online);
    await beat(t, online, token).expect(204);
    await t.http().post(`/api/v1/registrations/${reg.id}/cancel`).set(viewer.auth).expect((r) => expect([200, 201]).toContain(r.status));
    expect((await beat(t, online, token).expect(401)).body.code).toBe('STREAM_TOKEN_REVOKED');
    expect(await t.db.query(`SELECT end_reason FROM stream_devices WHERE registration_id = $1`, [reg.id])).toEqual([{ end_reason: 'cancelled' }]);
  });

  it('counts each registrant once per minute, however many beats and devices, and flushes each minute once', async () => {
    const session = await makeSession(t, eventId, { format: 'online', channelId: await makeRoom(t, eventId, { kind: 'channel', streamUrl: 'https://x.example/y' }), startsAt: '2025-09-10T05:00:00Z', endsAt: '2025-09-10T06:00:00Z' });
    const base = Date.parse('2025-09-10T05:00:00Z');
    const when = (m: number, s: number) => new Date(base + m * 60000 + s * 1000);
    clock.set(when(0, 1));
    const viewers = await makeOnlineRegistrants(t, eventId, 5);
    const tokens = await Promise.all(viewers.map((v) => streamToken(t, v, session, 'phone')));
    const laptop = await streamToken(t, viewers[0], session, 'laptop'); // a second device of viewer 0
    // minute 0: all five, each twice, viewer 0 also on the laptop; minute 1: viewers 0-2; minute 2: viewer 4.
    for (const s of [10, 40]) {
      clock.set(when(0, s));
      await Promise.all([...tokens.map((tk) => beat(t, session, tk).expect(204)), beat(t, session, laptop).expect(204)]);
    }
    clock.set(when(1, 30));
    await Promise.all(tokens.slice(0, 3).map((tk) => beat(t, session, tk).expect(204)));
    clock.set(when(2, 30));
    await beat(t, session, tokens[4]).expect(204);
    // Only closed minutes are written; minute 2 is in progress.
    await presence.flush();
    await presence.flush(); // a second flush adds nothing
    const minutes = await t.db.query(`SELECT minute, viewers FROM audience_minutes WHERE session_id = $1 ORDER BY minute`, [session]);
    expect(minutes).toEqual([
      { minute: when(0, 0), viewers: 5 },
      { minute: when(1, 0), viewers: 3 },
    ]);
    clock.set(when(3, 0));
    await presence.flush();
    const watch = await t.db.query(`SELECT registration_id, minutes FROM audience_watch WHERE session_id = $1`, [session]);
    const byReg = new Map(watch.map((r: { registration_id: string; minutes: number }) => [r.registration_id, r.minutes]));
    expect(viewers.map((v) => byReg.get(v.registrationId))).toEqual([2, 2, 2, 1, 2]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audience_pending WHERE session_id = $1`, [session])).toEqual([{ n: 0 }]);
    // The attendee sees their own record, and nobody else's.
    const mine = await t.http().get(`/api/v1/me/audience?eventId=${eventId}`).set(viewers[3].auth).expect(200);
    expect(mine.body).toEqual([{ sessionId: session, minutes: 1, firstMinute: when(0, 0).toISOString(), lastMinute: when(0, 0).toISOString() }]);
    expect((await t.http().get(`/api/v1/me/audience?eventId=nope`).set(viewers[3].auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('streams live counts to organisers only', async () => {
    const organiser = await makeUser(t, 'organiser');
    await grant(t, admin, eventId, organiser, 'organiser');
    const attendee = await makeAttendee(t, 'nosy');
    await t.http().get(`/api/v1/events/${eventId}/live`).set(attendee.auth).expect(403);
    const [viewer] = await makeOnlineRegistrants(t, eventId, 1);
    clock.set(at(10, 5));
    await beat(t, online, await streamToken(t, viewer, online)).expect(204);
    const first = await firstEvent(t, `/api/v1/events/${eventId}/live`, organiser);
    expect(first.total.current).toBeGreaterThanOrEqual(1);
    expect(first.sessions.find((s: { sessionId: string }) => s.sessionId === online).current).toBe(1);
  });
});

/** The first Server-Sent Event of a stream, parsed; the connection is closed after it. */
async function firstEvent(t: TestApp, path: string, who: TestUser): Promise<any> {
  if (!t.app.getHttpServer().listening) await t.app.listen(0, '127.0.0.1');
  const a = t.app.getHttpServer().address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, headers: { Authorization: who.auth.Authorization, Accept: 'text/event-stream' } }, (res) => {
      try {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('text/event-stream');
      } catch (e) {
        req.destroy();
        reject(e);
        return;
      }
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (!text.includes('\n\n')) return;
        req.destroy();
        const data = text.split('\n').find((l) => l.startsWith('data:'))!;
        resolve(JSON.parse(data.slice(5)));
      });
    });
    req.on('error', (e) => reject(e));
  });
}
