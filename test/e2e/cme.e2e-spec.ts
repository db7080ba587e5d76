import { Clock } from '../../src/common/clock.js';
import { grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { insertPerson, insertSpeaker } from '../factories/programme-rows.js';
import { makeRoom } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { pdfLines } from '../support/pdf.js';
import { accreditationBody } from '../factories/cme.js';

const pdfText = async (data: Buffer) => (await pdfLines(data)).join('\n');

describe('CME credits, transcripts and certificates', () => {
  let t: TestApp;
  let admin: TestUser;
  let organiser: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
    organiser = await makeUser(t, 'org');
  });
  afterEach(() => t.app.get(Clock).set(undefined));
  afterAll(() => t.close());

  const at = (instant: string) => t.app.get(Clock).set(instant);

  /**
   * An edition of the test's own with registration open; an in-person attendee and an online one
   * (with their tickets), the chair of session A and a stranger; sessions A (plenary, 09:00–10:00
   * local), B (hybrid lecture, 11:00–12:30) and a satellite symposium (13:00–14:00), on 11 September.
   */
  async function scene() {
    const event = await makeEdition(t, admin, { registrationOpensAt: '2020-01-01T00:00:00Z', registrationClosesAt: '2099-01-01T00:00:00Z', capacityInPerson: null, capacityOnline: null });
    await grant(t, admin, event.id, organiser, 'organiser');
    const [attendee, online, chairUser, stranger] = [
      await makeUser(t, 'attendee', 'Wang Fang'),
      await makeUser(t, 'online', 'Online Viewer'),
      await makeUser(t, 'chair', 'Ma Jun'),
      await makeUser(t, 'stranger'),
    ];
    const reg = await t.http().post(`/api/v1/events/${event.id}/registrations`).set(attendee.auth).send({ mode: 'in_person' }).expect(201);
    const onlineReg = await t.http().post(`/api/v1/events/${event.id}/registrations`).set(online.auth).send({ mode: 'online' }).expect(201);
    const ticket = (await t.http().get(`/api/v1/registrations/${reg.body.id}/ticket`).set(attendee.auth).expect(200)).body.token as string;
    const onlineTicket = (await t.http().get(`/api/v1/registrations/${onlineReg.body.id}/ticket`).set(online.auth).expect(200)).body.token as string;

    const room = await makeRoom(t, event.id);
    const session = async (kind: string, startsAt: string, endsAt: string, format = 'in_person') => {
      const channel = format === 'in_person' ? null : (await t.db.query(`INSERT INTO rooms (event_id, kind, name) VALUES ($1, 'channel', '{"en":"Channel"}') RETURNING id`, [event.id]))[0].id;
      const [row] = await t.db.query(
        `INSERT INTO sessions (event_id, kind, format, title, starts_at, ends_at, room_id, channel_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [event.id, kind, format, JSON.stringify({ en: `${kind} session` }), startsAt, endsAt, format === 'online' ? null : room, channel],
      );
      return row.id as string;
    };
    const a = await session('plenary', '2025-09-11T01:00:00Z', '2025-09-11T02:00:00Z');
    const b = await session('lecture', '2025-09-11T03:00:00Z', '2025-09-11T04:30:00Z', 'hybrid');
    const satellite = await session('satellite_symposium', '2025-09-11T05:00:00Z', '2025-09-11T06:00:00Z');
    await insertPerson(t, event.id, a, await insertSpeaker(t, { en: 'Ma Jun' }, chairUser.id), 'chair');
    const codeOf = async (sessionId: string) => (await t.http().get(`/api/v1/sessions/${sessionId}/cme`).set(organiser.auth).expect(200)).body.attendanceCode as string;
    const claim = (who: TestUser, sessionId: string, body: object) => t.http().post(`/api/v1/sessions/${sessionId}/attendance`).set(who.auth).send(body);
    return { eventId: event.id, attendee, online, chairUser, stranger, ticket, onlineTicket, a, b, satellite, codeOf, claim };
  }

  it('credits a session its hours by default (none for a satellite symposium), shown to organisers only', async () => {
    const s = await scene();
    const settings = await t.http().get(`/api/v1/sessions/${s.a}/cme`).set(organiser.auth).expect(200);
    expect(settings.body).toMatchObject({ creditHours: 1, custom: false });
    expect(settings.body.attendanceCode).toEqual(expect.any(String));
    await t.http().get(`/api/v1/sessions/${s.a}/cme`).set(s.attendee.auth).expect(403);
    expect((await t.http().get(`/api/v1/sessions/${s.satellite}/cme`).set(organiser.auth).expect(200)).body.creditHours).toBe(0);
  });

  it('takes claims only while the session runs', async () => {
    const s = await scene();
    const code = await s.codeOf(s.a);
    at('2025-09-11T00:59:00Z');
    expect((await s.claim(s.attendee, s.a, { code }).expect(409)).body.code).toBe('ATTENDANCE_CLOSED');
    at('2025-09-11T02:00:00Z');
    expect((await s.claim(s.attendee, s.a, { code }).expect(409)).body.code).toBe('ATTENDANCE_CLOSED');
    at('2025-09-11T01:59:00Z');
    expect((await s.claim(s.attendee, s.a, { code }).expect(201)).body).toMatchObject({ method: 'code', creditHours: 1, userId: s.attendee.id });
  });

  it('refuses a wrong code and a caller without an admitted registration', async () => {
    const s = await scene();
    const code = await s.codeOf(s.a);
    at('2025-09-11T01:30:00Z');
    expect((await s.claim(s.attendee, s.a, { code: 'WRONG1' }).expect(403)).body.code).toBe('ATTENDANCE_CODE_INVALID');
    expect((await s.claim(s.stranger, s.a, { code }).expect(403)).body.code).toBe('NOT_ADMITTED');
  });

  it('takes one of two claims made at once; the other is ALREADY_CLAIMED', async () => {
    const s = await scene();
    const code = await s.codeOf(s.a);
    at('2025-09-11T01:30:00Z');
    const both = await Promise.all([s.claim(s.attendee, s.a, { code }), s.claim(s.attendee, s.a, { code })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('ALREADY_CLAIMED');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM cme_attendance WHERE session_id = $1`, [s.a])).toEqual([{ n: 1 }]);
  });

  it('lets only staff scan tickets, and admits a ticket only to sessions its mode covers', async () => {
    const s = await scene();
    at('2025-09-11T01:30:00Z');
    // An online registration does not admit an in-person session; a stranger (or a chair of another session) may not scan.
    expect((await s.claim(s.chairUser, s.a, { ticketToken: s.onlineTicket }).expect(403)).body.code).toBe('NOT_ADMITTED');
    expect((await s.claim(s.stranger, s.a, { ticketToken: s.ticket }).expect(403)).body.code).toBe('FORBIDDEN');
    at('2025-09-11T04:00:00Z');
    await s.claim(s.chairUser, s.b, { ticketToken: s.ticket }).expect(403);
    expect((await s.claim(organiser, s.b, { ticketToken: s.ticket }).expect(201)).body).toMatchObject({ method: 'ticket', creditHours: 1.5, userId: s.attendee.id });
    // The hybrid session admits the online registration too.
    await s.claim(organiser, s.b, { ticketToken: s.onlineTicket }).expect(201);
  });

  it('stops the old code working once it is rotated', async () => {
    const s = await scene();
    const code = await s.codeOf(s.a);
    const rotated = await t.http().post(`/api/v1/sessions/${s.a}/cme/code`).set(organiser.auth).expect(200);
    expect(rotated.body.attendanceCode).not.toBe(code);
    at('2025-09-11T01:30:00Z');
    expect((await s.claim(s.attendee, s.a, { code }).expect(403)).body.code).toBe('ATTENDANCE_CODE_INVALID');
    await s.claim(s.attendee, s.a, { code: rotated.body.attendanceCode }).expect(201);
  });

  it('lets organisers set a session’s hours in quarter hours', async () => {
    const s = await scene();
    await t.http().put(`/api/v1/sessions/${s.b}/cme`).set(organiser.auth).send({ creditHours: 1.3 }).expect(400);
    expect((await t.http().put(`/api/v1/sessions/${s.b}/cme`).set(organiser.auth).send({ creditHours: 1.25 }).expect(200)).body).toMatchObject({ creditHours: 1.25, custom: true });
    at('2025-09-11T04:00:00Z');
    expect((await s.claim(organiser, s.b, { ticketToken: s.ticket }).expect(201)).body.creditHours).toBe(1.25);
  });

  /** The attendee claims A by code and is scanned into B (set to 1.25 hours). */
  async function attended() {
    const s = await scene();
    await t.http().put(`/api/v1/sessions/${s.b}/cme`).set(organiser.auth).send({ creditHours: 1.25 }).expect(200);
    const code = await s.codeOf(s.a);
    at('2025-09-11T01:30:00Z');
    await s.claim(s.attendee, s.a, { code }).expect(201);
    at('2025-09-11T04:00:00Z');
    await s.claim(organiser, s.b, { ticketToken: s.ticket }).expect(201);
    return s;
  }

  it('totals the attendee’s transcript per session', async () => {
    const s = await attended();
    const transcript = await t.http().get(`/api/v1/me/cme?eventId=${s.eventId}`).set(s.attendee.auth).expect(200);
    expect(transcript.body.sessions.map((x: { sessionId: string; creditHours: number }) => [x.sessionId, x.creditHours])).toEqual([[s.a, 1], [s.b, 1.25]]);
    expect(transcript.body).toMatchObject({ totalHours: 2.25, claimsClosed: false });
  });

  it('issues the certificate only after claims close, verifiable by its code', async () => {
    const s = await attended();
    expect((await t.http().get(`/api/v1/me/cme/certificate?eventId=${s.eventId}`).set(s.attendee.auth).expect(409)).body.code).toBe('CME_CLAIMS_OPEN');
    await t.http().patch(`/api/v1/events/${s.eventId}`).set(admin.auth).send({ cmeClaimsCloseAt: '2025-09-20T00:00:00Z' }).expect(200);
    at('2025-09-21T00:00:00Z');
    // Every certificate prints the edition's accreditation: none entered yet, none issued.
    expect((await t.http().get(`/api/v1/me/cme/certificate?eventId=${s.eventId}`).set(s.attendee.auth).expect(409)).body.code).toBe('ACCREDITATION_MISSING');
    await t.http().put(`/api/v1/events/${s.eventId}/cme/accreditation`).set(admin.auth).send(accreditationBody()).expect(200);
    const pdf = await t.http().get(`/api/v1/me/cme/certificate?eventId=${s.eventId}`).set(s.attendee.auth).buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Wang Fang');
    expect(text).toContain('获得学分 Credits awarded: 2.25');
    const verification = /Certificate code: ([A-Z0-9]+)/.exec(text)![1];

    const verified = await t.http().get(`/api/v1/certificates/${verification}`).expect(200);
    expect(verified.body).toMatchObject({ code: verification, status: 'valid', name: 'Wang Fang', totalCredits: 2.25, totalHours: 2.25 });
    await t.http().get('/api/v1/certificates/MADEUP123456').expect(404);
  });
});
