import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { editionBody, grant, makeAdmin, makeEdition, makeUser, TEST_PASSWORD, type TestUser } from '../factories/index.js';
import { makeChannel, makeRoom, makeSession, makeSpeaker, makeTrack, sessionBody } from '../factories/programme.js';
import { openCfp, submissionBody, makeSession as insertSession } from '../factories/submissions.js';
import { makeAttendee, registered } from '../factories/registrations.js';
import { operations } from './routes.js';
import { accreditationBody } from '../factories/cme.js';

/**
 * Who may call what: every route of the OpenAPI document × every kind of caller, with the status
 * each gets, against real fixtures in one published edition ("the edition"). Callers:
 *   anon   no token                      att    an attendee            att2   another attendee
 *   spk    a speaker (own profile)        spk2   another speaker        rev    a reviewer of the edition
 *   tc     a track chair (of track T)     org2   organiser of another edition
 *   org    organiser of the edition       own    owner of the edition   adm    platform admin
 * Allowed callers send a valid request, so a 2xx proves the whole route ran. Destructive routes get
 * a fresh target per caller. A new route without a row fails the coverage test below.
 * Routes on one's own things (`/submissions/{id}`, `/speakers/me`) answer 404 to everyone else: a
 * submission's existence is not disclosed. `/speakers/me` gives every account its profile (made
 * from the account's name on first read). Admins may do anything, reviewing included.
 * Registrations: "att" and "att2" are registered (in person) in the edition; the registration row
 * registers callers in another open edition, so that the rows after it still tell registrants
 * from the others. A seat is for confirmed in-person registrants (others: 409 SEAT_NOT_AVAILABLE);
 * the stream link is for confirmed registrants only (organisers read it from the rooms route).
 * Awards: only jurors score (others in the edition 403; strangers do not learn of the award, 404).
 * Attendance is claimed while a session runs: the fixture session is past, so every signed-in caller
 * gets 409 ATTENDANCE_CLOSED before any other check (the CME e2e tests cover access while it runs).
 */
const MATRIX = `
route                                                    anon att att2 spk spk2 rev  tc org2  org  own  adm
GET    /health                                            200 200  200 200  200 200 200  200  200  200  200
POST   /auth/register                                     201 201  201 201  201 201 201  201  201  201  201
POST   /auth/login                                        200 200  200 200  200 200 200  200  200  200  200
GET    /auth/me                                           401 200  200 200  200 200 200  200  200  200  200
PATCH  /auth/me                                           401 200  200 200  200 200 200  200  200  200  200
POST   /events                                            401 403  403 403  403 403 403  403  403  403  201
GET    /events                                            200 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}                                  200 200  200 200  200 200 200  200  200  200  200
PATCH  /events/{eventId}                                  401 403  403 403  403 403 403  403  200  200  200
POST   /events/{eventId}/publish                          401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/members                          401 403  403 403  403 403 403  403  403  200  200
POST   /events/{eventId}/members                          401 403  403 403  403 403 403  403  403  201  201
DELETE /events/{eventId}/members/{userId}                 401 403  403 403  403 403 403  403  403  204  204
PUT    /events/{eventId}/disclosures/me                   401 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/disclosures/me                   401 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/disclosures/missing              401 403  403 403  403 403 403  403  200  200  200
PUT    /events/{eventId}/disclosures/speakers/{speakerId} 401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/webhooks                         401 403  403 403  403 403 403  403  200  200  200
POST   /events/{eventId}/webhooks                         401 403  403 403  403 403 403  403  201  201  201
DELETE /events/{eventId}/webhooks/{webhookId}             401 403  403 403  403 403 403  403  204  204  204
GET    /events/{eventId}/webhooks/{webhookId}/deliveries  401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/audit                            401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/tracks                           200 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/tracks/{trackId}                 200 200  200 200  200 200 200  200  200  200  200
POST   /events/{eventId}/tracks                           401 403  403 403  403 403 403  403  201  201  201
PATCH  /events/{eventId}/tracks/{trackId}                 401 403  403 403  403 403 403  403  200  200  200
DELETE /events/{eventId}/tracks/{trackId}                 401 403  403 403  403 403 403  403  204  204  204
GET    /events/{eventId}/rooms                            401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/rooms/{roomId}                   401 403  403 403  403 403 403  403  200  200  200
POST   /events/{eventId}/rooms                            401 403  403 403  403 403 403  403  201  201  201
PATCH  /events/{eventId}/rooms/{roomId}                   401 403  403 403  403 403 403  403  200  200  200
DELETE /events/{eventId}/rooms/{roomId}                   401 403  403 403  403 403 403  403  204  204  204
GET    /events/{eventId}/sessions                         401 403  403 403  403 403 200  403  200  200  200
GET    /events/{eventId}/sessions/{sessionId}             401 403  403 403  403 403 200  403  200  200  200
POST   /events/{eventId}/sessions                         401 403  403 403  403 403 201  403  201  201  201
PATCH  /events/{eventId}/sessions/{sessionId}             401 403  403 403  403 403 200  403  200  200  200
DELETE /events/{eventId}/sessions/{sessionId}             401 403  403 403  403 403 204  403  204  204  204
GET    /events/{eventId}/speakers                         200 200  200 200  200 200 200  200  200  200  200
POST   /events/{eventId}/speakers                         401 403  403 403  403 403 201  403  201  201  201
GET    /events/{eventId}/programme                        200 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/cfp                              200 200  200 200  200 200 200  200  200  200  200
PUT    /events/{eventId}/cfp                              401 403  403 403  403 403 403  403  200  200  200
GET    /speakers/me                                       401 200  200 200  200 200 200  200  200  200  200
PUT    /speakers/me                                       401 200  200 200  200 200 200  200  200  200  200
POST   /events/{eventId}/submissions                      401 201  201 201  201 201 201  201  201  201  201
GET    /events/{eventId}/submissions/mine                 401 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/submissions                      401 403  403 403  403 200 200  403  200  200  200
GET    /submissions/{id}                                  401 404  404 200  404 404 404  404  404  404  404
PATCH  /submissions/{id}                                  401 404  404 200  404 404 404  404  404  404  404
POST   /submissions/{id}/submit                           401 404  404 200  404 404 404  404  404  404  404
POST   /submissions/{id}/confirm                          401 404  404 200  404 404 404  404  404  404  404
POST   /submissions/{id}/withdraw                         401 404  404 200  404 404 404  404  404  404  404
POST   /submissions/{id}/reviews                          401 404  404 404  404 201 201  404  403  403  201
POST   /submissions/{id}/decision                         401 404  404 404  404 403 200  404  200  200  200
POST   /sessions/{sessionId}/talks                        401 403  403 403  403 403 201  403  201  201  201
PATCH  /sessions/{sessionId}/talks/{talkId}               401 403  403 403  403 403 200  403  200  200  200
DELETE /sessions/{sessionId}/talks/{talkId}               401 403  403 403  403 403 204  403  204  204  204
POST   /events/{eventId}/registrations                    401 201  201 201  201 201 201  201  201  201  201
GET    /events/{eventId}/registrations                    401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/registrations.csv                401 403  403 403  403 403 403  403  200  200  200
POST   /events/{eventId}/check-ins                        401 403  403 403  403 403 403  403  200  200  200
GET    /registrations/mine                                401 200  200 200  200 200 200  200  200  200  200
POST   /registrations/{registrationId}/cancel             401 200  404 404  404 404 404  404  404  404  404
GET    /registrations/{registrationId}/ticket             401 200  404 404  404 404 404  404  404  404  404
GET    /me/agenda                                         401 200  200 200  200 200 200  200  200  200  200
GET    /me/agenda.ics                                     401 200  200 200  200 200 200  200  200  200  200
POST   /me/agenda/feed-token                              401 201  201 201  201 201 201  201  201  201  201
PUT    /me/agenda/{sessionId}                             401 204  204 204  204 204 204  204  204  204  204
DELETE /me/agenda/{sessionId}                             401 204  204 204  204 204 204  204  204  204  204
GET    /agenda/{feedToken}/agenda.ics                     200 200  200 200  200 200 200  200  200  200  200
PUT    /sessions/{sessionId}/seats                        401 403  403 403  403 403 403  403  200  200  200
POST   /sessions/{sessionId}/seats                        401 201  201 409  409 409 409  409  409  409  409
DELETE /sessions/{sessionId}/seats                        401 204  204 404  404 404 404  404  404  404  404
GET    /sessions/{sessionId}/stream                       401 200  200 403  403 403 403  403  403  403  403
POST   /sessions/{sessionId}/stream-token                 401 201  201 403  403 403 403  403  403  403  403
POST   /sessions/{sessionId}/presence                     401 401  401 401  401 401 401  401  401  401  401
GET    /.well-known/jwks.json                             200 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/live                             401 403  403 403  403 403 403  403  200  200  200
GET    /me/audience                                       401 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/schedule.xml                     200 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/schedule.json                    200 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/schedule.ics                     200 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/abstract-book.pdf                200 200  200 200  200 200 200  200  200  200  200
GET    /events/{eventId}/sessions.csv                     401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/submissions.csv                  401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/stats                            401 403  403 403  403 403 403  403  200  200  200
GET    /events/{eventId}/awards                           200 200  200 200  200 200 200  200  200  200  200
POST   /events/{eventId}/awards                           401 403  403 403  403 403 403  403  201  201  201
POST   /awards/{awardId}/jurors                           401 403  403 403  403 403 403  403  201  201  201
POST   /awards/{awardId}/nominees                         401 403  403 403  403 403 403  403  201  201  201
POST   /awards/{awardId}/scores                           401 404  404 404  404 403 403  404  403  403  403
POST   /awards/{awardId}/winners                          401 403  403 403  403 403 403  403  200  200  200
GET    /sessions/{sessionId}/cme                          401 403  403 403  403 403 403  403  200  200  200
PUT    /sessions/{sessionId}/cme                          401 403  403 403  403 403 403  403  200  200  200
POST   /sessions/{sessionId}/cme/code                     401 403  403 403  403 403 403  403  200  200  200
POST   /sessions/{sessionId}/attendance                   401 409  409 409  409 409 409  409  409  409  409
GET    /me/cme                                            401 200  200 200  200 200 200  200  200  200  200
GET    /me/cme/certificate                                401 409  409 409  409 409 409  409  409  409  409
GET    /certificates/{code}                               404 404  404 404  404 404 404  404  404  404  404
GET    /events/{eventId}/cme/accreditation                401 403  403 403  403 403 403  403  200  200  200
PUT    /events/{eventId}/cme/accreditation                401 403  403 403  403 403 403  403  200  200  200
POST   /events/{eventId}/cme/certificates/{code}/revoke   401 403  403 403  403 403 403  403  404  404  404
POST   /events/{eventId}/cme/certificates/{code}/reissue  401 403  403 403  403 403 403  403  404  404  404
`;

const ROLES = ['anon', 'att', 'att2', 'spk', 'spk2', 'rev', 'tc', 'org2', 'org', 'own', 'adm'] as const;
type Role = (typeof ROLES)[number];

interface Row {
  route: string;
  method: string;
  path: string;
  expected: Record<Role, number>;
}

function parseMatrix(text: string): Row[] {
  const lines = text.trim().split('\n').slice(1);
  return lines.map((line) => {
    const [method, path, ...codes] = line.trim().split(/\s+/);
    if (codes.length !== ROLES.length) throw new Error(`matrix row "${line}" has ${codes.length} statuses for ${ROLES.length} callers`);
    return { route: `${method} ${path}`, method, path, expected: Object.fromEntries(ROLES.map((r, i) => [r, Number(codes[i])])) as Record<Role, number> };
  });
}

interface Fixtures {
  eventId: string;
  trackId: string;
  sessionId: string;
  roomId: string;
  speakerId: string;
  webhookId: string;
  /** A submitted abstract by "spk" in track T. */
  submissionId: string;
  /** A talk (a placed submission) in a session of track T. */
  talkId: string;
  talkSessionId: string;
  /** The registration of "att" (confirmed, in person); "att2" has one too. */
  registrationId: string;
  /** The secret agenda link of an attendee who is none of the callers. */
  feedToken: string;
  /** An award of the edition with one nominee (a speaker profile). */
  awardId: string;
  nomineeId: string;
}

/** How to call a route as an allowed caller: path values and body (fresh targets for destructive routes). */
type Call = (ctx: { f: Fixtures; who: TestUser | undefined; allowed: boolean }) => Promise<{ params?: Record<string, string>; body?: unknown; query?: string }>;

describe('authorization matrix', () => {
  let t: TestApp;
  let admin: TestUser;
  let users: Record<Exclude<Role, 'anon'>, TestUser>;
  let f: Fixtures;
  let otherEventId: string;
  let secrets: string[];
  const rows = parseMatrix(MATRIX);
  let calls: Record<string, Call>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
    const [att, att2, spk, spk2, rev, tc, org2, org, own] = await Promise.all(
      ['att', 'att2', 'spk', 'spk2', 'rev', 'tc', 'org2', 'org', 'own'].map((p) => makeUser(t, `matrix-${p}`)),
    );
    users = { att, att2, spk, spk2, rev, tc, org2, org, own, adm: admin };
    const registrationOpen = { registrationOpensAt: '2020-01-01T00:00:00Z', registrationClosesAt: '2099-01-01T00:00:00Z' };
    const eventId = (await makeEdition(t, admin, { ...openCfp(), ...registrationOpen })).id;
    /** Another open edition, where callers may register (the edition keeps only att and att2 registered). */
    const elsewhere = (await makeEdition(t, admin, registrationOpen)).id;
    otherEventId = (await makeEdition(t, admin)).id;
    const track = await makeTrack(t, admin, eventId);
    await grant(t, admin, eventId, own, 'owner');
    await grant(t, admin, eventId, org, 'organiser');
    await grant(t, admin, eventId, rev, 'reviewer');
    await grant(t, admin, eventId, tc, 'track_chair', [track.id]);
    await grant(t, admin, otherEventId, org2, 'organiser');
    // Speakers: profiles linked to their accounts.
    const speaker = await makeSpeaker(t, admin, eventId, { name: { en: 'Matrix Speaker' } });
    const speaker2 = await makeSpeaker(t, admin, eventId, { name: { en: 'Other Speaker' } });
    await t.db.query(`UPDATE speakers SET user_id = $2 WHERE id = $1`, [speaker.id, spk.id]);
    await t.db.query(`UPDATE speakers SET user_id = $2 WHERE id = $1`, [speaker2.id, spk2.id]);
    const room = await makeRoom(t, admin, eventId);
    const channel = await makeChannel(t, admin, eventId);
    const session = await makeSession(
      t,
      admin,
      eventId,
      sessionBody('2025-09-11', '08:00', '09:00', { format: 'hybrid', roomId: room.id, channelId: channel.id, trackId: track.id, people: [{ speakerId: speaker.id, role: 'chair' }] }),
    );
    const webhook = await t.http().post(`/api/v1/events/${eventId}/webhooks`).set(admin.auth).send({ url: 'http://127.0.0.1:9/hook', events: ['session.created'] });
    if (webhook.status !== 201) throw new Error(`webhook: ${webhook.status} ${JSON.stringify(webhook.body)}`);
    // Submissions by "spk" in track T, in the states each route needs; talks in fresh slots (spk is never double-booked).
    const ok = (res: { status: number; body: { id: string } }, what: string) => {
      if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id;
    };
    const draft = async () => ok(await t.http().post(`/api/v1/events/${eventId}/submissions`).set(spk.auth).send(submissionBody({ trackId: track.id })), 'draft');
    const submitted = async () =>
      ok(await t.http().post(`/api/v1/events/${eventId}/submissions`).set(spk.auth).send(submissionBody({ trackId: track.id, submit: true })), 'submission');
    const accepted = async () => {
      const id = await submitted();
      ok(await t.http().post(`/api/v1/submissions/${id}/decision`).set(admin.auth).send({ decision: 'accept' }), 'accept');
      return id;
    };
    let talkSlot = 0;
    const talkSession = async () => {
      const at = new Date(Date.UTC(2025, 8, 13, 0, 0) + 20 * 60_000 * talkSlot++); // 08:00 local and on, 20 minutes apart
      return insertSession(t, eventId, {
        trackId: track.id,
        roomId: (await makeRoom(t, admin, eventId)).id,
        startsAt: at.toISOString(),
        endsAt: new Date(at.getTime() + 20 * 60_000).toISOString(),
        segments: [{ kind: 'talk', minutes: 10 }, { kind: 'talk', minutes: 10 }],
      });
    };
    const placedTalk = async () => {
      const s = await talkSession();
      const talkId = ok(await t.http().post(`/api/v1/sessions/${s.id}/talks`).set(admin.auth).send({ submissionId: await accepted(), segmentId: s.segments[0] }), 'talk');
      return { sessionId: s.id, talkId, free: s.segments[1] };
    };
    const talk = await placedTalk();
    const registrationId = (await registered(t, att, eventId, 'in_person')).id;
    await registered(t, att2, eventId, 'in_person');
    const feedOwner = await makeAttendee(t, 'matrix-feed');
    const feed = await t.http().post('/api/v1/me/agenda/feed-token').set(feedOwner.auth);
    if (feed.status !== 201) throw new Error(`feed token: ${feed.status} ${JSON.stringify(feed.body)}`);
    f = {
      registrationId,
      feedToken: feed.body.token,
      eventId,
      trackId: track.id,
      sessionId: session.id,
      roomId: room.id,
      speakerId: speaker.id,
      webhookId: webhook.body.id,
      submissionId: await submitted(),
      talkId: talk.talkId,
      talkSessionId: talk.sessionId,
      awardId: '',
      nomineeId: '',
    };
    const award = await t.http().post(`/api/v1/events/${eventId}/awards`).set(admin.auth).send({ kind: 'young_investigator_talk', name: { en: 'Best young-investigator talk' } });
    const awardId = ok(award, 'award');
    ok(await t.http().post(`/api/v1/awards/${awardId}/nominees`).set(admin.auth).send({ speakerId: speaker2.id }), 'nominee'); // answers the award
    const [{ id: nomineeId }] = await t.db.query(`SELECT id FROM award_nominees WHERE award_id = $1`, [awardId]);
    f.awardId = awardId;
    f.nomineeId = nomineeId;
    secrets = (await t.db.query(`SELECT stream_url FROM rooms WHERE stream_url IS NOT NULL`)).map((r: { stream_url: string }) => r.stream_url);

    /** An account made in SQL (no password hashing: these accounts never sign in). */
    const plainUser = async () =>
      (await t.db.query(`INSERT INTO users (email, password_hash, name) VALUES ($1, 'not-a-hash', 'Matrix member') RETURNING id`, [`matrix-${randomUUID()}@test.example`]))[0].id as string;
    let slot = 0;
    /** A fresh one-hour slot in a fresh room, in track T (so the track chair may use it). */
    const freshSession = async () => {
      const r = await makeRoom(t, admin, eventId);
      const hour = String(8 + (slot++ % 8)).padStart(2, '0');
      return sessionBody('2025-09-12', `${hour}:00`, `${hour}:30`, { roomId: r.id, trackId: track.id });
    };
    calls = {
      'POST /auth/register': async () => ({ body: { email: `matrix-${randomUUID()}@test.example`, password: TEST_PASSWORD, name: 'Matrix' } }),
      'POST /auth/login': async () => ({ body: { email: att.email, password: TEST_PASSWORD } }),
      'PATCH /auth/me': async () => ({ body: { preferredLanguage: 'en' } }),
      'POST /sessions/{sessionId}/stream-token': async () => ({ body: { deviceId: `matrix-${randomUUID()}` } }),
      'GET /me/audience': async () => ({ query: `eventId=${f.eventId}` }),
      'POST /events': async () => ({ body: editionBody() }),
      'PATCH /events/{eventId}': async () => ({ body: { venue: 'Shandong International Convention and Exhibition Center' } }),
      'POST /events/{eventId}/members': async () => ({ body: { userId: await plainUser(), role: 'reviewer' } }),
      'DELETE /events/{eventId}/members/{userId}': async ({ allowed }) => {
        if (!allowed) return {};
        const id = await plainUser();
        await grant(t, admin, eventId, { id } as TestUser, 'reviewer');
        return { params: { userId: id } };
      },
      'PUT /events/{eventId}/disclosures/me': async () => ({ body: { nothingToDisclose: true } }),
      // Organisers enter disclosures for invited faculty without an account (a linked speaker answers 409).
      'PUT /events/{eventId}/disclosures/speakers/{speakerId}': async () => ({
        params: { speakerId: (await makeSpeaker(t, admin, eventId, { name: { en: 'Invited Faculty' } })).id },
        body: { nothingToDisclose: true },
      }),
      'POST /events/{eventId}/webhooks': async () => ({ body: { url: 'http://127.0.0.1:9/hook', events: ['session.updated'] } }),
      'DELETE /events/{eventId}/webhooks/{webhookId}': async ({ allowed }) => {
        if (!allowed) return {};
        const w = await t.http().post(`/api/v1/events/${eventId}/webhooks`).set(admin.auth).send({ url: 'http://127.0.0.1:9/gone', events: ['session.created'] });
        return { params: { webhookId: w.body.id } };
      },
      'POST /events/{eventId}/tracks': async () => ({ body: { code: `M${randomUUID().slice(0, 6)}`, name: { en: 'New track' } } }),
      'PATCH /events/{eventId}/tracks/{trackId}': async () => ({ body: { colour: '#336699' } }),
      'DELETE /events/{eventId}/tracks/{trackId}': async ({ allowed }) => (allowed ? { params: { trackId: (await makeTrack(t, admin, eventId)).id } } : {}),
      'POST /events/{eventId}/rooms': async () => ({ body: { kind: 'room', name: { en: 'New hall' }, venue: 'Convention Center', city: 'Jinan', capacity: 80 } }),
      'PATCH /events/{eventId}/rooms/{roomId}': async () => ({ body: { capacity: 600 } }),
      'DELETE /events/{eventId}/rooms/{roomId}': async ({ allowed }) => (allowed ? { params: { roomId: (await makeRoom(t, admin, eventId)).id } } : {}),
      'POST /events/{eventId}/sessions': async ({ allowed }) => ({ body: allowed ? await freshSession() : sessionBody('2025-09-13', '08:00', '09:00', { roomId: f.roomId }) }),
      'PATCH /events/{eventId}/sessions/{sessionId}': async () => ({ body: { title: { en: 'Advanced therapies, revised', zh: '先进疗法' } } }),
      'DELETE /events/{eventId}/sessions/{sessionId}': async ({ allowed }) => (allowed ? { params: { sessionId: (await makeSession(t, admin, eventId, await freshSession())).id } } : {}),
      'POST /events/{eventId}/speakers': async () => ({ body: { name: { en: 'Invited Faculty' }, country: 'DE' } }),
      'PUT /events/{eventId}/cfp': async () => ({ body: {} }),
      'POST /events/{eventId}/registrations': async () => ({ params: { eventId: elsewhere }, body: { mode: 'online' } }),
      'POST /events/{eventId}/check-ins': async ({ allowed }) => {
        if (!allowed) return { body: { token: 'not-a-ticket' } };
        const who = await makeAttendee(t, 'matrix-checkin');
        const r = await registered(t, who, eventId, 'in_person');
        const [{ ticket_token }] = await t.db.query(`SELECT ticket_token FROM registrations WHERE id = $1`, [r.id]);
        return { body: { token: ticket_token } };
      },
      'POST /registrations/{registrationId}/cancel': async ({ allowed }) => {
        if (!allowed) return {};
        const open = (await makeEdition(t, admin, registrationOpen)).id;
        return { params: { registrationId: (await registered(t, att, open, 'in_person')).id } };
      },
      'PUT /sessions/{sessionId}/seats': async () => ({ body: { limit: 80 } }),
      'PUT /speakers/me': async () => ({ body: { name: { en: 'A Speaker', zh: '讲者' }, country: 'CN' } }),
      'POST /events/{eventId}/submissions': async () => ({ body: submissionBody({ trackId: track.id }) }),
      'PATCH /submissions/{id}': async () => ({ body: { keywords: ['lymphoma'] } }),
      'POST /submissions/{id}/submit': async ({ allowed }) => (allowed ? { params: { id: await draft() } } : {}),
      'POST /submissions/{id}/confirm': async ({ allowed }) => (allowed ? { params: { id: await accepted() } } : {}),
      'POST /submissions/{id}/withdraw': async ({ allowed }) => (allowed ? { params: { id: await submitted() } } : {}),
      'POST /submissions/{id}/reviews': async () => ({ body: { scores: { novelty: 4, clinical_relevance: 4, strength_of_evidence: 3 } } }),
      'POST /submissions/{id}/decision': async ({ allowed }) => ({ params: allowed ? { id: await submitted() } : ({} as Record<string, string>), body: { decision: 'accept' } }),
      'POST /sessions/{sessionId}/talks': async ({ allowed }) => {
        if (!allowed) return { params: { sessionId: f.talkSessionId }, body: { submissionId: f.submissionId, segmentId: randomUUID() } };
        const s = await talkSession();
        return { params: { sessionId: s.id }, body: { submissionId: await accepted(), segmentId: s.segments[0] } };
      },
      'PATCH /sessions/{sessionId}/talks/{talkId}': async ({ allowed }) => {
        if (!allowed) return { params: { sessionId: f.talkSessionId, talkId: f.talkId }, body: { segmentId: randomUUID() } };
        const p = await placedTalk();
        return { params: { sessionId: p.sessionId, talkId: p.talkId }, body: { segmentId: p.free } };
      },
      'POST /events/{eventId}/awards': async () => ({ body: { kind: 'poster', name: { en: 'Best poster' } } }),
      'POST /awards/{awardId}/jurors': async () => ({ body: { userId: await plainUser() } }),
      'POST /awards/{awardId}/nominees': async () => ({ body: { speakerId: (await makeSpeaker(t, admin, eventId, { name: { en: 'Nominee' } })).id } }),
      'POST /awards/{awardId}/scores': async () => ({ body: { nomineeId: f.nomineeId, score: 8 } }),
      'POST /awards/{awardId}/winners': async () => ({ body: { nomineeIds: [f.nomineeId] } }),
      'PUT /sessions/{sessionId}/cme': async () => ({ body: { creditHours: 1.5 } }),
      'POST /sessions/{sessionId}/attendance': async () => ({ body: { code: 'WRONG1' } }),
      'GET /me/cme': async () => ({ query: `eventId=${eventId}` }),
      'GET /me/cme/certificate': async () => ({ query: `eventId=${eventId}` }),
      'GET /certificates/{code}': async () => ({ params: { code: 'NOT-A-REAL-CODE' } }),
      'GET /events/{eventId}/cme/accreditation': async ({ allowed }) => {
        if (allowed) await t.http().put(`/api/v1/events/${eventId}/cme/accreditation`).set(admin.auth).send(accreditationBody()).expect(200);
        return {};
      },
      'PUT /events/{eventId}/cme/accreditation': async () => ({ body: accreditationBody() }),
      'POST /events/{eventId}/cme/certificates/{code}/revoke': async () => ({ params: { code: 'NOTACODE0000' }, body: { reason: 'matrix' } }),
      'POST /events/{eventId}/cme/certificates/{code}/reissue': async () => ({ params: { code: 'NOTACODE0000' }, body: { name: { en: 'Matrix Name' } } }),
      'DELETE /sessions/{sessionId}/talks/{talkId}': async ({ allowed }) => {
        const p = allowed ? await placedTalk() : { sessionId: f.talkSessionId, talkId: f.talkId };
        return { params: { sessionId: p.sessionId, talkId: p.talkId } };
      },
    };
  }, 120000);
  afterAll(() => t.close());

  it('covers every route of the OpenAPI document, and nothing else', () => {
    const documented = operations(t)
      .ops.map((o) => `${o.method.toUpperCase()} ${o.path.replace(/^\/api\/v1/, '')}`)
      .sort();
    expect(rows.map((r) => r.route).sort()).toEqual(documented);
  });

  it('gives every caller the expected status on every route', async () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      for (const role of ROLES) {
        const who = role === 'anon' ? undefined : users[role];
        // Fresh targets and valid bodies for callers who may; the others get the shared fixtures.
        const allowed = row.expected[role] < 300;
        const { params = {}, body, query } = (await calls[row.route]?.({ f, who, allowed })) ?? {};
        const values: Record<string, string> = { eventId: f.eventId, trackId: f.trackId, sessionId: f.sessionId, roomId: f.roomId, speakerId: f.speakerId, webhookId: f.webhookId, userId: users.rev.id, id: f.submissionId, talkId: f.talkId, registrationId: f.registrationId, feedToken: f.feedToken, awardId: f.awardId, ...params };
        const path = (row.path === '/health' ? '' : '/api/v1') + row.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]) + (query ? `?${query}` : '');
        let req = t.http()[row.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
        if (who) req = req.set(who.auth);
        // The live counts are a Server-Sent Events stream that never ends: read its status and head, then hang up.
        if (allowed && row.route === 'GET /events/{eventId}/live') req = req.buffer(false).parse((stream, done) => { (stream as unknown as { destroy(): void }).destroy(); done(null, ''); });
        const res = body === undefined ? await req : await req.send(body as object);
        if (res.status !== row.expected[role]) {
          mismatches.push(`${row.route} as ${role}: expected ${row.expected[role]}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 240000);

  it('public responses carry no email, token or stream link', async () => {
    const paths = [
      '/api/v1/events',
      `/api/v1/events/${f.eventId}`,
      `/api/v1/events/${f.eventId}/programme`,
      `/api/v1/events/${f.eventId}/programme?lang=zh`,
      `/api/v1/events/${f.eventId}/speakers`,
      `/api/v1/events/${f.eventId}/tracks`,
      `/api/v1/events/${f.eventId}/tracks/${f.trackId}`,
      `/api/v1/events/${f.eventId}/cfp`,
      `/api/v1/events/${f.eventId}/schedule.xml`,
      `/api/v1/events/${f.eventId}/schedule.json`,
      `/api/v1/events/${f.eventId}/schedule.ics`,
    ];
    const emails = Object.values(users).map((u) => u.email);
    for (const path of paths) {
      for (const who of [undefined, users.spk, users.org]) {
        const res = await (who ? t.http().get(path).set(who.auth) : t.http().get(path));
        expect(res.status).toBe(200);
        const text = res.text;
        for (const email of emails) expect(text).not.toContain(email);
        for (const secret of secrets) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/"(email|token|accessToken|ticketToken|feedToken|streamUrl|stream_url|passwordHash|secret)"\s*:/i);
        expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // a JWT
        expect(text).not.toMatch(/@test\.example/);
      }
    }
  });
});
