import { QueryFailedError } from 'typeorm';
import { addEdition } from '../factories/edition.js';
import { makeAdmin, makeUser, type TestUser } from '../factories/index.js';
import { makeRoom, makeSession, sessionBody } from '../factories/programme.js';
import { openCfp, submit } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Two invariants on every path that can break them (issue #14.6), through HTTP, as races, and
 * against the database directly: a session never lies outside its edition's days, and a placed
 * talk always fits its segment (segments re-timed or reordered carry their talks; what cannot be
 * carried is refused with the talks named). Every test builds its own edition.
 */
describe('invariants: sessions inside their edition, talks inside their segments', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterAll(() => t.close());

  const api = () => t.http();

  /** An edition of the test's own, 2025-09-10…14 (Asia/Shanghai), with one room. */
  async function edition() {
    const { eventId, room } = await addEdition(t, admin, { edition: openCfp() });
    return { eventId, roomId: room.id };
  }

  /** Sessions of the edition outside its days, as the database sees them now. */
  const outsideNow = async (eventId: string) =>
    (
      await t.db.query(
        `SELECT o.id FROM events e, sessions_outside_days(e.id, e.starts_on, e.ends_on, e.time_zone) o WHERE e.id = $1`,
        [eventId],
      )
    ).length;

  /** Talks of a session that do not lie inside their segment (a talk slot) and session, computed from the segments. */
  const misfitsNow = async (sessionId: string) =>
    (
      await t.db.query(
        `WITH slot AS (
           SELECT g.id, g.kind, s.ends_at AS session_ends,
                  s.starts_at + make_interval(mins => (sum(g.duration_minutes) OVER w - g.duration_minutes)::int) AS starts_at,
                  s.starts_at + make_interval(mins => (sum(g.duration_minutes) OVER w)::int) AS ends_at
             FROM session_segments g JOIN sessions s ON s.id = g.session_id
            WHERE g.session_id = $1 WINDOW w AS (ORDER BY g.position))
         SELECT t.id FROM talks t JOIN slot ON slot.id = t.segment_id
          WHERE t.starts_at < slot.starts_at OR t.ends_at > slot.ends_at OR t.ends_at > slot.session_ends OR slot.kind NOT IN ('talk', 'lecture')`,
        [sessionId],
      )
    ).length;

  /** The constraint a direct SQL statement broke. */
  async function violated(sql: string, params: unknown[]): Promise<string | undefined> {
    try {
      await t.db.query(sql, params);
      return undefined;
    } catch (e) {
      if (!(e instanceof QueryFailedError)) throw e;
      return (e.driverError as { constraint?: string }).constraint;
    }
  }

  describe('a session never lies outside its edition’s days', () => {
    it('refuses shortening the edition under a session, naming the session, and changes nothing', async () => {
      const { eventId, roomId } = await edition();
      const late = await makeSession(t, admin, eventId, sessionBody('2025-09-14', '16:00', '17:00', { roomId, title: { en: 'Closing' } }));
      const res = await api().patch(`/api/v1/events/${eventId}`).set(admin.auth).send({ endsOn: '2025-09-13' }).expect(409);
      expect(res.body).toMatchObject({
        code: 'SESSIONS_OUTSIDE_EDITION',
        details: { endsOn: '2025-09-13', sessions: [{ sessionId: late.id, title: { en: 'Closing' }, startsAt: '2025-09-14T16:00:00.000+08:00' }] },
      });
      expect((await api().get(`/api/v1/events/${eventId}`).expect(200)).body.endsOn).toBe('2025-09-14');
    });

    it('refuses moving the start past a session and a time zone that pushes one out', async () => {
      const { eventId, roomId } = await edition();
      const early = await makeSession(t, admin, eventId, sessionBody('2025-09-10', '08:00', '09:00', { roomId }));
      const moved = await api().patch(`/api/v1/events/${eventId}`).set(admin.auth).send({ startsOn: '2025-09-11' }).expect(409);
      expect(moved.body.details.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([early.id]);
      // 08:00 in Shanghai on the 10th is the evening of the 9th in New York: outside.
      const zoned = await api().patch(`/api/v1/events/${eventId}`).set(admin.auth).send({ timeZone: 'America/New_York' }).expect(409);
      expect(zoned.body).toMatchObject({ code: 'SESSIONS_OUTSIDE_EDITION', details: { timeZone: 'America/New_York', sessions: [{ sessionId: early.id }] } });
    });

    it('accepts new days that still hold every session', async () => {
      const { eventId, roomId } = await edition();
      await makeSession(t, admin, eventId, sessionBody('2025-09-11', '08:00', '09:00', { roomId }));
      const res = await api().patch(`/api/v1/events/${eventId}`).set(admin.auth).send({ startsOn: '2025-09-11', endsOn: '2025-09-11' }).expect(200);
      expect(res.body).toMatchObject({ startsOn: '2025-09-11', endsOn: '2025-09-11' });
    });

    it('refuses a session written outside the days (create and move)', async () => {
      const { eventId, roomId } = await edition();
      const after = await api().post(`/api/v1/events/${eventId}/sessions`).set(admin.auth).send(sessionBody('2025-09-15', '08:00', '09:00', { roomId })).expect(409);
      expect(after.body.code).toBe('OUTSIDE_EDITION');
      const s = await makeSession(t, admin, eventId, sessionBody('2025-09-14', '22:00', '23:00', { roomId }));
      const over = await api().patch(`/api/v1/events/${eventId}/sessions/${s.id}`).set(admin.auth).send({ endsAt: '2025-09-15T00:30:00+08:00' }).expect(409);
      expect(over.body.code).toBe('OUTSIDE_EDITION');
    });

    it('is kept by the database: direct SQL cannot shorten the edition or move a session out', async () => {
      const { eventId, roomId } = await edition();
      const s = await makeSession(t, admin, eventId, sessionBody('2025-09-12', '08:00', '09:00', { roomId }));
      expect(await violated(`UPDATE events SET ends_on = '2025-09-11' WHERE id = $1`, [eventId])).toBe('events_days_hold_sessions');
      expect(await violated(`UPDATE events SET time_zone = 'America/Los_Angeles', starts_on = '2025-09-12', ends_on = '2025-09-12' WHERE id = $1`, [eventId])).toBe(
        'events_days_hold_sessions',
      );
      expect(await violated(`UPDATE sessions SET starts_at = '2025-09-09T10:00:00Z' WHERE id = $1`, [s.id])).toBe('sessions_within_edition');
      expect(
        await violated(
          `INSERT INTO sessions (event_id, kind, format, title, starts_at, ends_at, room_id) VALUES ($1, 'lecture', 'in_person', '{"en":"x"}', '2025-09-14T16:30:00Z', '2025-09-14T17:00:00Z', $2)`,
          [eventId, roomId],
        ),
      ).toBe('sessions_within_edition');
      expect(await outsideNow(eventId)).toBe(0);
      // Inside the days the same statements pass.
      expect(await violated(`UPDATE events SET ends_on = '2025-09-12' WHERE id = $1`, [eventId])).toBeUndefined();
    });

    it('never lets a shortening and new sessions both win when they race', async () => {
      for (let round = 0; round < 3; round++) {
        const { eventId, roomId } = await edition();
        const rooms = [roomId, ...(await Promise.all([1, 2, 3].map(async () => (await makeRoom(t, admin, eventId)).id)))];
        const responses = await Promise.all([
          ...rooms.map((r) => api().post(`/api/v1/events/${eventId}/sessions`).set(admin.auth).send(sessionBody('2025-09-13', '08:00', '09:00', { roomId: r }))),
          api().patch(`/api/v1/events/${eventId}`).set(admin.auth).send({ endsOn: '2025-09-12' }),
          ...rooms.map((r) => api().post(`/api/v1/events/${eventId}/sessions`).set(admin.auth).send(sessionBody('2025-09-14', '08:00', '09:00', { roomId: r }))),
        ]);
        expect(responses.map((r) => r.status).filter((s) => ![200, 201, 409].includes(s))).toEqual([]);
        const patched = responses[rooms.length];
        const created = responses.filter((r) => r.status === 201).length;
        // Either the edition shrank and no session beyond it exists, or sessions exist and it kept its days.
        expect(patched.status === 200 ? created : 0).toBe(0);
        expect(await outsideNow(eventId)).toBe(0);
        for (const r of responses.filter((x) => x.status === 409)) expect(['OUTSIDE_EDITION', 'SESSIONS_OUTSIDE_EDITION']).toContain(r.body.code);
      }
    });
  });

  describe('a placed talk always fits its segment', () => {
    /** A 09:00–10:00 session (talk 10, discussion 5, talk 10, discussion 5) with an 8-minute talk placed in its third segment. */
    async function placedTalk() {
      const { eventId, roomId } = await edition();
      const speaker = await makeUser(t, 'speaker');
      const sub = await submit(t, eventId, speaker, { type: 'oral_abstract', requestedMinutes: 8 });
      await api().post(`/api/v1/submissions/${sub.id}/decision`).set(admin.auth).send({ decision: 'accept' }).expect(200);
      const segments = [
        { kind: 'talk', durationMinutes: 10 },
        { kind: 'discussion', durationMinutes: 5 },
        { kind: 'talk', durationMinutes: 10 },
        { kind: 'discussion', durationMinutes: 5 },
      ];
      const session = await makeSession(t, admin, eventId, sessionBody('2025-09-11', '09:00', '10:00', { kind: 'oral_abstracts', roomId, segments }));
      const segmentIds = (session.segments as { id: string }[]).map((s) => s.id);
      const talk = await api().post(`/api/v1/sessions/${session.id}/talks`).set(admin.auth).send({ submissionId: sub.id, segmentId: segmentIds[2] }).expect(201);
      expect(talk.body).toMatchObject({ startsAt: '2025-09-11T09:15:00.000+08:00', endsAt: '2025-09-11T09:23:00.000+08:00' });
      const patch = (body: Record<string, unknown>) => api().patch(`/api/v1/events/${eventId}/sessions/${session.id}`).set(admin.auth).send(body);
      const talkRow = async () => (await t.db.query(`SELECT segment_id, starts_at, ends_at FROM talks WHERE id = $1`, [talk.body.id]))[0] as { segment_id: string; starts_at: Date; ends_at: Date } | undefined;
      const scheduled = async () => (await t.db.query(`SELECT scheduled_at FROM submissions WHERE id = $1`, [sub.id]))[0].scheduled_at !== null;
      return { eventId, sessionId: session.id, segments, segmentIds, talkId: talk.body.id as string, submissionId: sub.id, patch, talkRow, scheduled };
    }

    it('keeps the talk when the same segments are sent again with a later end (the reported case)', async () => {
      const p = await placedTalk();
      await p.patch({ segments: p.segments, endsAt: '2025-09-11T10:05:00+08:00' }).expect(200);
      expect(await p.talkRow()).toMatchObject({ segment_id: p.segmentIds[2], starts_at: new Date('2025-09-11T01:15:00Z'), ends_at: new Date('2025-09-11T01:23:00Z') });
      expect(await p.scheduled()).toBe(true);
      const programme = await api().get(`/api/v1/events/${p.eventId}/programme`).expect(200);
      expect(JSON.stringify(programme.body)).toContain(p.submissionId);
    });

    it('moves the talk with its segment when an earlier segment is re-timed', async () => {
      const p = await placedTalk();
      const longer = p.segments.map((s, i) => (i === 0 ? { ...s, durationMinutes: 13 } : s));
      const res = await p.patch({ segments: longer }).expect(200);
      expect(res.body.segments[2]).toMatchObject({ id: p.segmentIds[2], startsAt: '2025-09-11T09:18:00.000+08:00' });
      expect(await p.talkRow()).toMatchObject({ starts_at: new Date('2025-09-11T01:18:00Z'), ends_at: new Date('2025-09-11T01:26:00Z') });
      expect(await misfitsNow(p.sessionId)).toBe(0);
    });

    it('carries the talk when segments are reordered by id', async () => {
      const p = await placedTalk();
      const [a, b, c, d] = p.segmentIds;
      const res = await p
        .patch({ segments: [{ id: c, ...p.segments[2] }, { id: b, ...p.segments[1] }, { id: a, ...p.segments[0] }, { id: d, ...p.segments[3] }] })
        .expect(200);
      expect(res.body.segments.map((s: { id: string }) => s.id)).toEqual([c, b, a, d]);
      expect(await p.talkRow()).toMatchObject({ segment_id: c, starts_at: new Date('2025-09-11T01:00:00Z'), ends_at: new Date('2025-09-11T01:08:00Z') });
      expect(await p.scheduled()).toBe(true);
    });

    it('refuses to shrink the talk’s segment below the talk, naming it, and changes nothing', async () => {
      const p = await placedTalk();
      const res = await p.patch({ segments: p.segments.map((s, i) => (i === 2 ? { ...s, durationMinutes: 5 } : s)) }).expect(409);
      expect(res.body).toMatchObject({ code: 'TALK_OUTSIDE_SEGMENT', details: { talks: [{ talkId: p.talkId, submissionId: p.submissionId }] } });
      const [seg] = await t.db.query(`SELECT duration_minutes FROM session_segments WHERE id = $1`, [p.segmentIds[2]]);
      expect(seg.duration_minutes).toBe(10);
    });

    it('refuses a reorder by position that leaves the talk in a discussion slot', async () => {
      const p = await placedTalk();
      const swapped = [p.segments[0], p.segments[2], p.segments[1], p.segments[3]];
      const res = await p.patch({ segments: swapped }).expect(409);
      expect(res.body).toMatchObject({ code: 'TALK_OUTSIDE_SEGMENT', details: { talks: [{ talkId: p.talkId, segmentKind: 'discussion' }] } });
    });

    it('refuses to drop the segment that holds the talk, naming it; deleting the session unschedules it', async () => {
      const p = await placedTalk();
      const res = await p.patch({ segments: p.segments.slice(0, 2) }).expect(409);
      expect(res.body).toMatchObject({ code: 'SEGMENT_HOLDS_TALK', details: { talks: [{ talkId: p.talkId, submissionId: p.submissionId }] } });
      expect(await p.talkRow()).toBeDefined();
      await api().delete(`/api/v1/events/${p.eventId}/sessions/${p.sessionId}`).set(admin.auth).expect(204);
      expect(await p.talkRow()).toBeUndefined();
      expect(await p.scheduled()).toBe(false);
    });

    it('refuses unknown or repeated segment ids by field', async () => {
      const p = await placedTalk();
      const res = await p.patch({ segments: [{ id: p.segmentIds[0], ...p.segments[0] }, { id: p.segmentIds[0], ...p.segments[1] }] }).expect(400);
      expect(res.body.details).toEqual([{ field: 'segments.1.id', messages: ['is given twice'] }]);
    });

    it('is kept by the database: direct SQL cannot shrink, remove or misplace', async () => {
      const p = await placedTalk();
      expect(await violated(`UPDATE session_segments SET duration_minutes = 5 WHERE id = $1`, [p.segmentIds[2]])).toBe('talks_fit_segment');
      expect(await violated(`UPDATE session_segments SET kind = 'break' WHERE id = $1`, [p.segmentIds[2]])).toBe('talks_fit_segment');
      expect(await violated(`DELETE FROM session_segments WHERE id = $1`, [p.segmentIds[2]])).toBe('session_segments_talk_kept');
      expect(await violated(`UPDATE talks SET starts_at = starts_at - interval '1 minute' WHERE id = $1`, [p.talkId])).toBe('talks_fit_segment');
      expect(await violated(`UPDATE sessions SET ends_at = starts_at + interval '20 minutes' WHERE id = $1`, [p.sessionId])).toBe('talks_fit_segment');
      // Removing an earlier segment re-times the talk in the same statement.
      expect(await violated(`DELETE FROM session_segments WHERE id = $1`, [p.segmentIds[1]])).toBeUndefined();
      expect(await p.talkRow()).toMatchObject({ starts_at: new Date('2025-09-11T01:10:00Z') });
      expect(await misfitsNow(p.sessionId)).toBe(0);
    });

    it('never leaves a talk outside its segment when re-timing and placing race', async () => {
      for (let round = 0; round < 3; round++) {
        const p = await placedTalk();
        const speaker = await makeUser(t, 'racer');
        const other = await submit(t, p.eventId, speaker, { type: 'oral_abstract', requestedMinutes: 8 });
        await api().post(`/api/v1/submissions/${other.id}/decision`).set(admin.auth).send({ decision: 'accept' }).expect(200);
        const shrunk = p.segments.map((s, i) => ({ id: p.segmentIds[i], ...s, durationMinutes: i === 0 ? 5 : s.durationMinutes }));
        const grown = shrunk.map((s, i) => (i === 1 ? { ...s, durationMinutes: 10 } : s));
        const responses = await Promise.all([
          p.patch({ segments: shrunk }),
          api().post(`/api/v1/sessions/${p.sessionId}/talks`).set(admin.auth).send({ submissionId: other.id, segmentId: p.segmentIds[0] }),
          p.patch({ segments: grown, endsAt: '2025-09-11T10:30:00+08:00' }),
          p.patch({ segments: p.segments.map((s, i) => (i === 2 ? { ...s, durationMinutes: 6 } : s)) }),
        ]);
        expect(responses.map((r) => r.status).filter((s) => ![200, 201, 409].includes(s))).toEqual([]);
        // Placing (8 min) into segment 1 and shrinking it to 5 (both patches do) cannot both succeed; shrinking the held slot to 6 never does.
        expect(responses[1].status === 201 && (responses[0].status === 200 || responses[2].status === 200)).toBe(false);
        expect(responses[3].status).toBe(409);
        expect(await misfitsNow(p.sessionId)).toBe(0);
        expect(await p.scheduled()).toBe(true);
      }
    });
  });
});
