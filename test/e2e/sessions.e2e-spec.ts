import type { TestApp } from '../setup/test-app.js';
import { setupEdition } from '../factories/edition.js';
import { grant, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { makeRoom, makeSession, makeSpeaker, makeTrack, sessionBody } from '../factories/programme.js';

const DAY = '2025-09-11';

describe('sessions: clashes refused, access per role', () => {
  let t: TestApp;
  let admin: TestUser;
  let eventId: string;
  let room: { id: string };
  let channel: { id: string };
  beforeAll(async () => {
    ({ t, admin, eventId, room, channel } = await setupEdition());
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>, who = admin) => t.http().post(`/api/v1/events/${eventId}/sessions`).set(who.auth).send(body);

  it('creates a hybrid session with segments and people, audited and sent to webhooks', async () => {
    await t.db.query(`INSERT INTO webhook_endpoints (event_id, url, secret, event_types) VALUES ($1, 'https://hooks.example.org/x', 'secret-secret-secret', '{session.created}')`, [eventId]);
    const chair = await makeSpeaker(t, admin, eventId);
    const speaker = await makeSpeaker(t, admin, eventId, { name: { en: 'Jianxiang Wang', zh: '王建祥' } });
    const res = await post(
      sessionBody(DAY, '08:00', '09:00', {
        format: 'hybrid',
        roomId: room.id,
        channelId: channel.id,
        segments: [
          { kind: 'lecture', title: { en: 'Advanced therapies' }, durationMinutes: 40 },
          { kind: 'discussion', durationMinutes: 20 },
        ],
        people: [
          { speakerId: chair.id, role: 'chair' },
          { speakerId: speaker.id, role: 'speaker', segment: 1 },
        ],
      }),
    ).expect(201);
    expect(res.body).toMatchObject({ format: 'hybrid', startsAt: '2025-09-11T08:00:00.000+08:00', sequence: 0 });
    expect(res.body.segments.map((s: { startsAt: string }) => s.startsAt)).toEqual(['2025-09-11T08:00:00.000+08:00', '2025-09-11T08:40:00.000+08:00']);
    expect(res.body.people).toEqual([
      expect.objectContaining({ speakerId: chair.id, role: 'chair', segment: null }),
      expect.objectContaining({ speakerId: speaker.id, role: 'speaker', segment: 1 }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('secret-');
    const [audit] = await t.db.query(`SELECT actor_id FROM audit_log WHERE event_id = $1 AND action = 'session.create' AND entity_id = $2`, [eventId, res.body.id]);
    expect(audit.actor_id).toBe(admin.id);
    const [hook] = await t.db.query(`SELECT payload->'data'->'session'->>'id' AS id FROM webhook_deliveries WHERE event_id = $1 AND event_type = 'session.created'`, [eventId]);
    expect(hook.id).toBe(res.body.id);
  });

  it('checks the format against room and channel', async () => {
    const r1 = await post(sessionBody(DAY, '10:00', '11:00', { format: 'online', roomId: room.id })).expect(400);
    expect(r1.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['channelId', 'roomId']);
    const r2 = await post(sessionBody(DAY, '10:00', '11:00', { format: 'in_person', roomId: channel.id })).expect(400);
    expect(r2.body.details).toEqual([{ field: 'roomId', messages: ['is not a room of this edition'] }]);
  });

  it('ROOM_OCCUPIED for a room and for a channel, with the clashing session named', async () => {
    const first = await makeSession(t, admin, eventId, sessionBody('2025-09-12', '08:00', '09:00', { roomId: room.id }));
    const res = await post(sessionBody('2025-09-12', '08:30', '09:30', { roomId: room.id })).expect(409);
    expect(res.body).toMatchObject({ code: 'ROOM_OCCUPIED', details: [expect.objectContaining({ sessionId: first.id, roomId: room.id })] });
    // Touching ends are fine.
    await post(sessionBody('2025-09-12', '09:00', '09:30', { roomId: room.id })).expect(201);

    const online = await makeSession(t, admin, eventId, sessionBody('2025-09-12', '14:00', '15:00', { format: 'online', channelId: channel.id }));
    const clash = await post(sessionBody('2025-09-12', '14:30', '15:30', { format: 'online', channelId: channel.id })).expect(409);
    expect(clash.body).toMatchObject({ code: 'ROOM_OCCUPIED', details: [expect.objectContaining({ sessionId: online.id, channelId: channel.id })] });
    expect(clash.body.message).toMatch(/channel/);
  });

  it('two concurrent requests for the same room and time: exactly one 201 and one 409', async () => {
    const r = await makeRoom(t, admin, eventId);
    const body = sessionBody('2025-09-13', '08:00', '09:00', { roomId: r.id });
    const results = await Promise.all([post(body), post(body), post(body)]);
    expect(results.map((x) => x.status).sort()).toEqual([201, 409, 409]);
    for (const x of results.filter((y) => y.status === 409)) expect(x.body.code).toBe('ROOM_OCCUPIED');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM sessions WHERE room_id = $1`, [r.id]);
    expect(n).toBe(1);
  });

  it('SPEAKER_DOUBLE_BOOKED: chair in one session, speaker in an overlapping one (and as a race)', async () => {
    const person = await makeSpeaker(t, admin, eventId);
    const [r1, r2] = [await makeRoom(t, admin, eventId), await makeRoom(t, admin, eventId)];
    const chaired = await makeSession(t, admin, eventId, sessionBody('2025-09-13', '10:00', '11:00', { roomId: r1.id, people: [{ speakerId: person.id, role: 'chair' }] }));
    const res = await post(
      sessionBody('2025-09-13', '10:30', '11:30', {
        roomId: r2.id,
        segments: [{ kind: 'talk', durationMinutes: 20 }],
        people: [{ speakerId: person.id, role: 'speaker', segment: 1 }],
      }),
    ).expect(409);
    expect(res.body).toMatchObject({ code: 'SPEAKER_DOUBLE_BOOKED', details: [expect.objectContaining({ speakerId: person.id, sessionId: chaired.id, role: 'chair' })] });

    const racer = await makeSpeaker(t, admin, eventId);
    const [r3, r4] = [await makeRoom(t, admin, eventId), await makeRoom(t, admin, eventId)];
    const race = await Promise.all([
      post(sessionBody('2025-09-13', '14:00', '15:00', { roomId: r3.id, people: [{ speakerId: racer.id, role: 'chair' }] })),
      post(sessionBody('2025-09-13', '14:30', '15:30', { roomId: r4.id, people: [{ speakerId: racer.id, role: 'speaker' }] })),
    ]);
    expect(race.map((x) => x.status).sort()).toEqual([201, 409]);
    expect(race.find((x) => x.status === 409)!.body.code).toBe('SPEAKER_DOUBLE_BOOKED');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM session_people WHERE speaker_id = $1`, [racer.id]);
    expect(n).toBe(1);
  });

  it('OUTSIDE_EDITION uses the local days of the edition', async () => {
    // 23:30 local on the day before the first day: outside.
    const before = await post(sessionBody('2025-09-09', '23:30', '23:59', { roomId: room.id })).expect(409);
    expect(before.body).toMatchObject({ code: 'OUTSIDE_EDITION', details: { startsOn: '2025-09-10', endsOn: '2025-09-14', timeZone: 'Asia/Shanghai' } });
    // 00:30 local on the first day is 16:30Z the day before in UTC, yet inside.
    await post(sessionBody('2025-09-10', '00:30', '01:00', { roomId: room.id })).expect(201);
    await post(sessionBody('2025-09-14', '23:00', '23:59', { roomId: room.id })).expect(201);
    await post({ ...sessionBody('2025-09-14', '23:30', '23:59', { roomId: room.id }), endsAt: '2025-09-15T00:30:00+08:00' }).expect(409);
  });

  it('SLOT_OVERFLOW and SLOT_DURATION; the young-physician template', async () => {
    const r = await makeRoom(t, admin, eventId);
    const over = await post(sessionBody('2025-09-14', '08:00', '08:30', { roomId: r.id, segments: [{ kind: 'lecture', durationMinutes: 25 }, { kind: 'qa', durationMinutes: 10 }] })).expect(409);
    expect(over.body).toMatchObject({ code: 'SLOT_OVERFLOW', details: { segmentsMinutes: 35, sessionMinutes: 30, overflowMinutes: 5 } });

    const long = await post(sessionBody('2025-09-14', '08:00', '09:00', { kind: 'young_physician', roomId: r.id, segments: [{ kind: 'talk', durationMinutes: 6 }] })).expect(409);
    expect(long.body).toMatchObject({ code: 'SLOT_DURATION', details: { maxMinutes: 5, segments: [{ position: 1, durationMinutes: 6 }] } });
    const longTemplate = await post({ ...sessionBody('2025-09-14', '08:00', '10:00', { roomId: r.id }), kind: undefined, template: 'young_physician', talks: 3, talkMinutes: 7 }).expect(409);
    expect(longTemplate.body.code).toBe('SLOT_DURATION');

    const yp = await post({
      format: 'in_person',
      roomId: r.id,
      title: { en: 'Young Physicians: five-minute talks', zh: '青年医师专场' },
      startsAt: '2025-09-14T08:00:00+08:00',
      template: 'young_physician',
      talks: 4,
      talkMinutes: 5,
      commentaryMinutes: 3,
      discussionMinutes: 2,
    }).expect(201);
    expect(yp.body.kind).toBe('young_physician');
    expect(yp.body.segments).toHaveLength(12);
    expect(yp.body.segments.slice(0, 3).map((s: { kind: string; durationMinutes: number }) => [s.kind, s.durationMinutes])).toEqual([
      ['talk', 5],
      ['commentary', 3],
      ['discussion', 2],
    ]);
    expect(yp.body.endsAt).toBe('2025-09-14T08:40:00.000+08:00');
    // Resizing checks again.
    const shrink = await t.http().patch(`/api/v1/events/${eventId}/sessions/${yp.body.id}`).set(admin.auth).send({ endsAt: '2025-09-14T08:30:00+08:00' }).expect(409);
    expect(shrink.body.code).toBe('SLOT_OVERFLOW');
  });

  it('moving a session moves its people, bumps the sequence and re-checks clashes', async () => {
    const person = await makeSpeaker(t, admin, eventId);
    const [r1, r2] = [await makeRoom(t, admin, eventId), await makeRoom(t, admin, eventId)];
    const a = await makeSession(t, admin, eventId, sessionBody('2025-09-10', '08:00', '09:00', { roomId: r1.id, people: [{ speakerId: person.id, role: 'speaker' }] }));
    await makeSession(t, admin, eventId, sessionBody('2025-09-10', '10:00', '11:00', { roomId: r2.id, people: [{ speakerId: person.id, role: 'panelist' }] }));
    const moved = await t.http().patch(`/api/v1/events/${eventId}/sessions/${a.id}`).set(admin.auth).send({ startsAt: '2025-09-10T12:00:00+08:00', endsAt: '2025-09-10T13:00:00+08:00' }).expect(200);
    expect(moved.body.sequence).toBe(1);
    const [row] = await t.db.query(`SELECT starts_at FROM session_people WHERE session_id = $1`, [a.id]);
    expect(row.starts_at.toISOString()).toBe('2025-09-10T04:00:00.000Z');
    const clash = await t.http().patch(`/api/v1/events/${eventId}/sessions/${a.id}`).set(admin.auth).send({ startsAt: '2025-09-10T10:30:00+08:00', endsAt: '2025-09-10T11:30:00+08:00' }).expect(409);
    expect(clash.body.code).toBe('SPEAKER_DOUBLE_BOOKED');
    const retitled = await t.http().patch(`/api/v1/events/${eventId}/sessions/${a.id}`).set(admin.auth).send({ title: { en: 'Renamed' } }).expect(200);
    expect(retitled.body.sequence).toBe(1);
    await t.http().delete(`/api/v1/events/${eventId}/sessions/${a.id}`).set(admin.auth).expect(204);
    await t.http().get(`/api/v1/events/${eventId}/sessions/${a.id}`).set(admin.auth).expect(404);
  });

  it('a track chair changes only sessions of their tracks and cannot move one out; others 403/404', async () => {
    const mine = await makeTrack(t, admin, eventId);
    const other = await makeTrack(t, admin, eventId);
    const chair = await makeUser(t);
    await grant(t, admin, eventId, chair, 'track_chair', [mine.id]);
    const r = await makeRoom(t, admin, eventId);

    const own = await makeSession(t, chair, eventId, sessionBody('2025-09-11', '16:00', '17:00', { roomId: r.id, trackId: mine.id }));
    const refused = await post(sessionBody('2025-09-11', '18:00', '19:00', { roomId: r.id, trackId: other.id }), chair).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await post(sessionBody('2025-09-11', '18:00', '19:00', { roomId: r.id }), chair).expect(403);
    const theirs = await makeSession(t, admin, eventId, sessionBody('2025-09-11', '18:00', '19:00', { roomId: r.id, trackId: other.id }));
    await t.http().patch(`/api/v1/events/${eventId}/sessions/${theirs.id}`).set(chair.auth).send({ title: { en: 'Mine now' } }).expect(403);
    await t.http().delete(`/api/v1/events/${eventId}/sessions/${theirs.id}`).set(chair.auth).expect(403);
    await t.http().patch(`/api/v1/events/${eventId}/sessions/${own.id}`).set(chair.auth).send({ trackId: other.id }).expect(403);
    await t.http().patch(`/api/v1/events/${eventId}/sessions/${own.id}`).set(chair.auth).send({ title: { en: 'Leukemia update' } }).expect(200);

    const stranger = await makeUser(t);
    await post(sessionBody('2025-09-11', '20:00', '21:00', { roomId: r.id }), stranger).expect(403);
    const draft = await makeEdition(t, admin, {}, false);
    await t.http().post(`/api/v1/events/${draft.id}/sessions`).set(stranger.auth).send(sessionBody('2025-09-11', '20:00', '21:00')).expect(404);
  });

  it('refuses track ids of another edition when granting a track chair', async () => {
    const otherEdition = await makeEdition(t, admin);
    const foreign = await makeTrack(t, admin, otherEdition.id);
    const user = await makeUser(t);
    const res = await t.http().post(`/api/v1/events/${eventId}/members`).set(admin.auth).send({ userId: user.id, role: 'track_chair', trackIds: [foreign.id] }).expect(400);
    expect(res.body.details[0].field).toBe('trackIds');
  });

  it('under the block policy, refuses a person without a current disclosure (DISCLOSURE_MISSING)', async () => {
    const strict = await makeEdition(t, admin);
    await t.db.query(`UPDATE events SET disclosure_policy = 'block' WHERE id = $1`, [strict.id]);
    const r = await makeRoom(t, admin, strict.id);
    const person = await makeSpeaker(t, admin, strict.id);
    const res = await t
      .http()
      .post(`/api/v1/events/${strict.id}/sessions`)
      .set(admin.auth)
      .send(sessionBody(DAY, '08:00', '09:00', { roomId: r.id, people: [{ speakerId: person.id, role: 'speaker' }] }))
      .expect(409);
    expect(res.body.code).toBe('DISCLOSURE_MISSING');
    await t.http().post(`/api/v1/events/${strict.id}/sessions`).set(admin.auth).send(sessionBody(DAY, '08:00', '09:00', { roomId: r.id })).expect(201);
  });
});
