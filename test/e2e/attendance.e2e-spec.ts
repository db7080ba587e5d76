import ical from 'node-ical';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { grant, makeAdmin, type TestUser } from '../factories/index.js';
import { makeAttendee, makeOpenEdition, makeRoom, makeSession, makeUsers, range, registered } from '../factories/registrations.js';

const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};


describe('tickets, check-in, seats, streams and agendas', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterAll(() => t.close());

  it('gives the ticket only to its owner, as JSON with data URLs, PNG or SVG', async () => {
    const edition = await makeOpenEdition(t, admin, { capacityOnline: 1 });
    const [owner, other, waiting] = await makeUsers(t, 3);
    const reg = await registered(t, owner, edition.id, 'online');
    const json = await t.http().get(`/api/v1/registrations/${reg.id}/ticket`).set(owner.auth).expect(200);
    expect(json.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(json.body.qrPng).toMatch(/^data:image\/png;base64,/);
    expect(json.body.qrSvg).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(json.headers['cache-control']).toBe('no-store');
    const png = await t.http().get(`/api/v1/registrations/${reg.id}/ticket?format=png`).set(owner.auth).buffer(true).parse(binary as never).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect([...(png.body as Buffer).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const svg = await t.http().get(`/api/v1/registrations/${reg.id}/ticket?format=svg`).set(owner.auth).buffer(true).parse(binary as never).expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((svg.body as Buffer).toString()).toContain('<svg');

    await t.http().get(`/api/v1/registrations/${reg.id}/ticket`).set(other.auth).expect(404);
    await t.http().get(`/api/v1/registrations/${reg.id}/ticket`).expect(401);
    await t.http().get(`/api/v1/registrations/${reg.id}/ticket?format=gif`).set(owner.auth).expect(400);
    const w = await registered(t, waiting, edition.id, 'online');
    expect(w.status).toBe('waitlisted');
    expect((await t.http().get(`/api/v1/registrations/${w.id}/ticket`).set(waiting.auth).expect(409)).body.code).toBe('REGISTRATION_NOT_CONFIRMED');
  });

  it('checks in once by token, refuses waitlisted, cancelled and foreign tokens, and non-organisers', async () => {
    const a = await makeOpenEdition(t, admin, { capacityInPerson: 2 });
    const b = await makeOpenEdition(t, admin);
    const organiserA = await makeAttendee(t, 'org-a');
    const organiserB = await makeAttendee(t, 'org-b');
    await grant(t, admin, a.id, organiserA, 'organiser');
    await grant(t, admin, b.id, organiserB, 'organiser');
    const [x, y, z] = await makeUsers(t, 3);
    const rx = await registered(t, x, a.id, 'in_person');
    const ry = await registered(t, y, a.id, 'in_person');
    const rz = await registered(t, z, a.id, 'in_person');
    expect(rz.status).toBe('waitlisted');
    const token = async (id: string) => (await t.db.query(`SELECT ticket_token FROM registrations WHERE id = $1`, [id]))[0].ticket_token as string;
    const tx = await token(rx.id);
    const checkIn = (eventId: string, who: TestUser, tok: string) => t.http().post(`/api/v1/events/${eventId}/check-ins`).set(who.auth).send({ token: tok });

    // a token of edition A at edition B's desk: unknown there, even for B's organiser
    expect((await checkIn(b.id, organiserB, tx).expect(404)).body.code).toBe('NOT_FOUND');
    // a stranger to A, and the attendee themself, may not check in at A
    await checkIn(a.id, organiserB, tx).expect(403);
    await checkIn(a.id, x, tx).expect(403);

    // two desks scanning the same ticket at once: one check-in
    const both = await Promise.all([checkIn(a.id, organiserA, tx), checkIn(a.id, admin, tx)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('ALREADY_CHECKED_IN');
    expect(both.find((r) => r.status === 200)!.body).toMatchObject({ registrationId: rx.id, userId: x.id });
    expect((await checkIn(a.id, organiserA, tx).expect(409)).body.code).toBe('ALREADY_CHECKED_IN');

    expect((await checkIn(a.id, organiserA, await token(rz.id)).expect(409)).body.code).toBe('REGISTRATION_NOT_CONFIRMED');
    const ty = await token(ry.id);
    await t.http().post(`/api/v1/registrations/${ry.id}/cancel`).set(y.auth).expect(200);
    expect((await checkIn(a.id, organiserA, ty).expect(409)).body.code).toBe('REGISTRATION_NOT_CONFIRMED');
    await checkIn(a.id, organiserA, 'no-such-token').expect(404);
    const [audit] = await t.db.query(`SELECT actor_id FROM audit_log WHERE event_id = $1 AND action = 'registration.check_in'`, [a.id]);
    expect(audit).toBeDefined();
    const listed = await t.http().get(`/api/v1/events/${a.id}/registrations?checkedIn=true`).set(organiserA.auth).expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([rx.id]);
  });

  it('holds a session seat limit under a race, with its own gap-free waiting list and exactly-once promotion', async () => {
    const edition = await makeOpenEdition(t, admin);
    const organiser = await makeAttendee(t, 'org');
    await grant(t, admin, edition.id, organiser, 'organiser');
    const room = await makeRoom(t, edition.id);
    const channel = await makeRoom(t, edition.id, { kind: 'channel', streamUrl: 'https://stream.example/secret' });
    const workshop = await makeSession(t, edition.id, { format: 'hybrid', roomId: room, channelId: channel });
    const attendee = await makeAttendee(t);
    await t.http().put(`/api/v1/sessions/${workshop}/seats`).set(attendee.auth).send({ limit: 2 }).expect(403);
    const set = await t.http().put(`/api/v1/sessions/${workshop}/seats`).set(organiser.auth).send({ limit: 2 }).expect(200);
    expect(set.body).toEqual({ sessionId: workshop, limit: 2, reserved: 0, waitlisted: 0 });

    const users = await makeUsers(t, 8);
    for (const u of users) await registered(t, u, edition.id, 'in_person');
    const answers = await Promise.all(users.map((u) => t.http().post(`/api/v1/sessions/${workshop}/seats`).set(u.auth)));
    expect(answers.map((a) => a.status)).toEqual(users.map(() => 201));
    const seats = async () =>
      t.db.query(`SELECT user_id, status, waitlist_position AS p FROM session_seats WHERE session_id = $1 ORDER BY waitlist_position NULLS FIRST`, [workshop]);
    let rows: { user_id: string; status: string; p: number | null }[] = await seats();
    expect(rows.filter((r) => r.status === 'reserved')).toHaveLength(2);
    expect(rows.filter((r) => r.status === 'waitlisted').map((r) => r.p)).toEqual(range(6));
    expect((await t.http().post(`/api/v1/sessions/${workshop}/seats`).set(users[0].auth).expect(409)).body.code).toBe('ALREADY_SEATED');

    // the two seated give up at once (one by cancelling the registration): two promotions, in order
    const seated = rows.filter((r) => r.status === 'reserved').map((r) => users.find((u) => u.id === r.user_id)!);
    const head = rows.filter((r) => r.status === 'waitlisted').slice(0, 2).map((r) => r.user_id);
    const regOf = async (u: TestUser) => (await t.db.query(`SELECT id FROM registrations WHERE user_id = $1 AND event_id = $2`, [u.id, edition.id]))[0].id;
    const seatedReg = await regOf(seated[1]);
    await Promise.all([
      t.http().delete(`/api/v1/sessions/${workshop}/seats`).set(seated[0].auth).expect(204),
      t.http().post(`/api/v1/registrations/${seatedReg}/cancel`).set(seated[1].auth).expect(200),
    ]);
    rows = await seats();
    expect(rows.filter((r) => r.status === 'reserved').map((r) => r.user_id).sort()).toEqual([...head].sort());
    expect(rows.filter((r) => r.status === 'waitlisted').map((r) => r.p)).toEqual(range(4));
    const [counters] = await t.db.query(`SELECT reserved, waitlisted FROM session_seat_counters WHERE session_id = $1`, [workshop]);
    expect(counters).toEqual({ reserved: 2, waitlisted: 4 });
    const notes = await t.db.query(`SELECT user_id FROM notification_outbox WHERE template = 'session_seat.promoted' AND payload->>'sessionId' = $1`, [workshop]);
    expect(notes.map((n: { user_id: string }) => n.user_id).sort()).toEqual([...head].sort());

    // a cut below the reserved seats names the field; a raise promotes
    const cut = await t.http().put(`/api/v1/sessions/${workshop}/seats`).set(organiser.auth).send({ limit: 1 }).expect(409);
    expect(cut.body).toMatchObject({ code: 'CAPACITY_BELOW_CONFIRMED', details: [{ field: 'limit' }] });
    const raised = await t.http().put(`/api/v1/sessions/${workshop}/seats`).set(organiser.auth).send({ limit: 4 }).expect(200);
    expect(raised.body).toMatchObject({ reserved: 4, waitlisted: 2 });
    expect((await seats()).filter((r: { status: string }) => r.status === 'waitlisted').map((r: { p: number }) => r.p)).toEqual([1, 2]);

    // online attendance needs no seat; online sessions have none
    const online = await makeAttendee(t);
    await registered(t, online, edition.id, 'online');
    expect((await t.http().post(`/api/v1/sessions/${workshop}/seats`).set(online.auth).expect(409)).body.code).toBe('SEAT_NOT_AVAILABLE');
    const webinar = await makeSession(t, edition.id, { format: 'online', channelId: channel, startsAt: '2025-09-11T01:00:00Z', endsAt: '2025-09-11T02:00:00Z' });
    expect((await t.http().post(`/api/v1/sessions/${webinar}/seats`).set(users[7].auth).expect(409)).body.code).toBe('SEAT_NOT_AVAILABLE');
    await t.http().delete(`/api/v1/sessions/${webinar}/seats`).set(users[7].auth).expect(404);
  });

  it('gives the stream link only to confirmed registrants whose mode admits the session', async () => {
    const edition = await makeOpenEdition(t, admin, { capacityOnline: 1 });
    const room = await makeRoom(t, edition.id);
    const channel = await makeRoom(t, edition.id, { kind: 'channel', streamUrl: 'https://live.example/very-secret', platform: 'Tencent Meeting' });
    const online = await makeSession(t, edition.id, { format: 'online', channelId: channel });
    const hybrid = await makeSession(t, edition.id, { format: 'hybrid', roomId: room, channelId: channel, startsAt: '2025-09-11T01:00:00Z', endsAt: '2025-09-11T02:00:00Z' });
    const inPerson = await makeSession(t, edition.id, { format: 'in_person', roomId: room, startsAt: '2025-09-12T01:00:00Z', endsAt: '2025-09-12T02:00:00Z' });
    const [viewer, waiting, onSite, stranger] = await makeUsers(t, 4);
    await registered(t, viewer, edition.id, 'online');
    await registered(t, waiting, edition.id, 'online');
    await registered(t, onSite, edition.id, 'in_person');
    const organiser = await makeAttendee(t, 'org');
    await grant(t, admin, edition.id, organiser, 'organiser');
    const stream = (s: string, u?: TestUser) => (u ? t.http().get(`/api/v1/sessions/${s}/stream`).set(u.auth) : t.http().get(`/api/v1/sessions/${s}/stream`));

    expect((await stream(online, viewer).expect(200)).body).toEqual({ sessionId: online, url: 'https://live.example/very-secret', platform: 'Tencent Meeting' });
    await stream(hybrid, viewer).expect(200);
    await stream(hybrid, onSite).expect(200);
    await stream(online, onSite).expect(403);
    await stream(online, waiting).expect(403);
    await stream(online, stranger).expect(403);
    await stream(online, organiser).expect(403);
    await stream(online).expect(401);
    await stream(inPerson, viewer).expect(404);
    await t.http().post(`/api/v1/registrations/${(await t.db.query(`SELECT id FROM registrations WHERE user_id = $1`, [viewer.id]))[0].id}/cancel`).set(viewer.auth).expect(200);
    await stream(online, viewer).expect(403);
    // promoted from the waiting list: now admitted
    await stream(online, waiting).expect(200);

    // the link appears nowhere else
    await t.http().put(`/api/v1/me/agenda/${online}`).set(waiting.auth).expect(204);
    const elsewhere = [
      await t.http().get('/api/v1/me/agenda').set(waiting.auth),
      await t.http().get('/api/v1/me/agenda.ics').set(waiting.auth),
      await t.http().get('/api/v1/registrations/mine').set(waiting.auth),
      await t.http().get(`/api/v1/events/${edition.id}/registrations`).set(organiser.auth),
    ];
    for (const r of elsewhere) expect(r.text).not.toContain('very-secret');
  });

  it('keeps a personal agenda with clashes flagged, and an iCal feed behind a resettable secret link', async () => {
    const edition = await makeOpenEdition(t, admin);
    const room = await makeRoom(t, edition.id, { name: { en: 'Hall 1', zh: '1号厅' }, venue: 'Shandong International Convention Center', city: 'Jinan' });
    const room2 = await makeRoom(t, edition.id, { name: { en: 'Hall 2' }, venue: 'Shandong International Convention Center', city: 'Jinan' });
    // 09:00–10:30 and 10:00–11:00 Asia/Shanghai clash; 14:00–15:00 does not
    const s1 = await makeSession(t, edition.id, { format: 'in_person', roomId: room, startsAt: '2025-09-10T01:00:00Z', endsAt: '2025-09-10T02:30:00Z', sequence: 3 });
    const s2 = await makeSession(t, edition.id, { format: 'in_person', roomId: room2, startsAt: '2025-09-10T02:00:00Z', endsAt: '2025-09-10T03:00:00Z', title: { en: 'Myeloma update', zh: '骨髓瘤进展' } });
    const s3 = await makeSession(t, edition.id, { format: 'in_person', roomId: room, startsAt: '2025-09-10T06:00:00Z', endsAt: '2025-09-10T07:00:00Z' });
    const user = await makeAttendee(t);
    for (const s of [s1, s2, s3]) await t.http().put(`/api/v1/me/agenda/${s}`).set(user.auth).expect(204);
    await t.http().put(`/api/v1/me/agenda/${s1}`).set(user.auth).expect(204);
    await t.http().put(`/api/v1/me/agenda/00000000-0000-4000-8000-000000000000`).set(user.auth).expect(404);
    await t.http().put(`/api/v1/me/agenda/${s1}`).expect(401);

    const agenda = await t.http().get(`/api/v1/me/agenda?eventId=${edition.id}`).set(user.auth).expect(200);
    expect(agenda.body.map((i: { sessionId: string; clash: boolean }) => [i.sessionId, i.clash])).toEqual([
      [s1, true],
      [s2, true],
      [s3, false],
    ]);
    expect(agenda.body[0]).toMatchObject({ startsAt: '2025-09-10T09:00:00.000+08:00', clashesWith: [s2] });

    const parse = (text: string) => Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    const ics = await t.http().get('/api/v1/me/agenda.ics').set(user.auth).expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const events = parse(ics.text);
    expect(events).toHaveLength(3);
    const first = events.find((e) => e.uid === `${s1}@congress`)!;
    expect(new Date(first.start as Date).toISOString()).toBe('2025-09-10T01:00:00.000Z');
    expect(new Date(first.end as Date).toISOString()).toBe('2025-09-10T02:30:00.000Z');
    expect(Number(first.sequence)).toBe(3);
    expect(String(first.location)).toBe('Hall 1, Shandong International Convention Center, Jinan');
    const zh = parse((await t.http().get('/api/v1/me/agenda.ics?lang=zh').set(user.auth).expect(200)).text);
    expect(zh.find((e) => e.uid === `${s2}@congress`)!.summary).toBe('骨髓瘤进展');
    await t.http().get('/api/v1/me/agenda.ics').expect(401);

    // the secret feed: no login; a reset retires the old link
    const feed1 = (await t.http().post('/api/v1/me/agenda/feed-token').set(user.auth).expect(201)).body;
    expect(feed1.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const viaFeed = await t.http().get(`/api/v1${feed1.path}`).expect(200);
    expect(parse(viaFeed.text).map((e) => e.uid).sort()).toEqual([s1, s2, s3].map((s) => `${s}@congress`).sort());
    const feed2 = (await t.http().post('/api/v1/me/agenda/feed-token').set(user.auth).expect(201)).body;
    await t.http().get(`/api/v1${feed1.path}`).expect(404);
    await t.http().get(`/api/v1${feed2.path}`).expect(200);
    await t.http().get('/api/v1/agenda/guess/agenda.ics').expect(404);

    await t.http().delete(`/api/v1/me/agenda/${s2}`).set(user.auth).expect(204);
    await t.http().delete(`/api/v1/me/agenda/${s2}`).set(user.auth).expect(404);
    const after = await t.http().get('/api/v1/me/agenda').set(user.auth).expect(200);
    expect(after.body.map((i: { clash: boolean }) => i.clash)).toEqual([false, false]);
  });
});
