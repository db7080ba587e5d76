import { Clock } from '../../src/common/clock.js';
import { RegistrationsService } from '../../src/registrations/registrations.service.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { grant, makeAdmin, makeEdition, type TestUser } from '../factories/index.js';
import { makeAttendee, makeOpenEdition, makeUsers, positions, range, register, registered } from '../factories/registrations.js';

describe('registrations: capacity, waiting list, idempotency', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterAll(() => t.close());

  it.each([0, 1, 10])('K = 14 concurrent registrations for M = %i seats: exactly min(K, M) confirmed, a gap-free waiting list', async (m) => {
    const k = 14;
    const edition = await makeOpenEdition(t, admin, { capacityInPerson: m });
    const users = await makeUsers(t, k);
    const answers = await Promise.all(users.map((u) => register(t, u, edition.id, 'in_person')));
    expect(answers.map((a) => a.status)).toEqual(users.map(() => 201));
    const [counts] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
         FROM registrations WHERE event_id = $1`,
      [edition.id],
    );
    expect(counts).toEqual({ confirmed: Math.min(k, m), waitlisted: k - Math.min(k, m) });
    expect(await positions(t, edition.id, 'in_person')).toEqual(range(k - Math.min(k, m)));
    const [cap] = await t.db.query(`SELECT confirmed, waitlisted FROM registration_capacities WHERE event_id = $1 AND mode = 'in_person'`, [edition.id]);
    expect(cap).toEqual({ confirmed: Math.min(k, m), waitlisted: k - Math.min(k, m) });
    // the answers agree with the rows
    const waitlistedAnswers = answers.filter((a) => a.body.status === 'waitlisted').map((a) => a.body.waitlistPosition).sort((a, b) => a - b);
    expect(waitlistedAnswers).toEqual(range(k - Math.min(k, m)));
  });

  it('refuses registration outside the window, a mode the edition does not offer, and a second registration', async () => {
    const user = await makeAttendee(t);
    const notYet = await makeOpenEdition(t, admin, { registrationOpensAt: '2098-01-01T00:00:00Z' });
    expect((await register(t, user, notYet.id, 'online').expect(409)).body.code).toBe('REGISTRATION_CLOSED');
    const over = await makeOpenEdition(t, admin, { registrationOpensAt: '2020-01-01T00:00:00Z', registrationClosesAt: '2021-01-01T00:00:00Z' });
    expect((await register(t, user, over.id, 'online').expect(409)).body.code).toBe('REGISTRATION_CLOSED');
    const never = await makeEdition(t, admin, {});
    expect((await register(t, user, never.id, 'online').expect(409)).body.code).toBe('REGISTRATION_CLOSED');
    const offline = await makeOpenEdition(t, admin, { format: 'in_person' });
    expect((await register(t, user, offline.id, 'online').expect(409)).body.code).toBe('MODE_NOT_OFFERED');
    const draft = await makeEdition(t, admin, { registrationOpensAt: '2020-01-01T00:00:00Z' }, false);
    await register(t, user, draft.id, 'online').expect(404);
    await t.http().post(`/api/v1/events/${offline.id}/registrations`).send({ mode: 'in_person' }).expect(401);
    expect((await t.http().post(`/api/v1/events/${offline.id}/registrations`).set(user.auth).send({ mode: 'both' }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );

    const open = await makeOpenEdition(t, admin, { registrationOpensAt: '2030-03-01T00:00:00Z', registrationClosesAt: '2030-04-01T00:00:00Z' });
    const clock = t.app.get(Clock);
    try {
      clock.set('2030-02-28T23:59:59Z');
      expect((await register(t, user, open.id, 'online').expect(409)).body.code).toBe('REGISTRATION_CLOSED');
      clock.set('2030-04-01T00:00:00Z');
      expect((await register(t, user, open.id, 'online').expect(409)).body.code).toBe('REGISTRATION_CLOSED');
      clock.set('2030-03-01T00:00:00Z');
      await register(t, user, open.id, 'online').expect(201);
    } finally {
      clock.set(undefined);
    }
    await t.http().patch(`/api/v1/events/${open.id}`).set(admin.auth).send({ registrationOpensAt: '2020-01-01T00:00:00Z' }).expect(200);
    expect((await register(t, user, open.id, 'in_person').expect(409)).body.code).toBe('ALREADY_REGISTERED');
    // the same person racing themselves: one registration
    const racer = await makeAttendee(t);
    const race = await Promise.all(range(6).map(() => register(t, racer, open.id, 'online')));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(race.filter((r) => r.status === 409).every((r) => r.body.code === 'ALREADY_REGISTERED')).toBe(true);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND user_id = $2`, [open.id, racer.id]);
    expect(n).toBe(1);
  });

  it('concurrent cancellations promote each freed seat exactly once and keep positions 1…n', async () => {
    const edition = await makeOpenEdition(t, admin, { capacityOnline: 3 });
    const users = await makeUsers(t, 9);
    const regs: { id: string; status: string }[] = [];
    for (const u of users) regs.push(await registered(t, u, edition.id, 'online'));
    expect(regs.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed', ...range(6).map(() => 'waitlisted')]);
    // the three confirmed and the fifth in line (position 2) cancel at once
    const cancelling = [0, 1, 2, 4];
    const answers = await Promise.all(cancelling.map((i) => t.http().post(`/api/v1/registrations/${regs[i].id}/cancel`).set(users[i].auth)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const rows: { user_id: string; status: string; p: number | null }[] = await t.db.query(
      `SELECT user_id, status, waitlist_position AS p FROM registrations WHERE event_id = $1 ORDER BY created_at`,
      [edition.id],
    );
    expect(rows.filter((r) => r.status === 'confirmed').map((r) => r.user_id).sort()).toEqual([users[3].id, users[5].id, users[6].id].sort());
    expect(await positions(t, edition.id, 'online')).toEqual([1, 2]);
    const [cap] = await t.db.query(`SELECT confirmed, waitlisted FROM registration_capacities WHERE event_id = $1 AND mode = 'online'`, [edition.id]);
    expect(cap).toEqual({ confirmed: 3, waitlisted: 2 });
    const promoted: { user_id: string }[] = await t.db.query(
      `SELECT user_id FROM notification_outbox WHERE event_id = $1 AND template = 'registration.promoted'`,
      [edition.id],
    );
    // one notification per promotion, and a promotion for each freed seat (user 4 may have been
    // promoted before their own cancellation ran, which then freed a seat in turn)
    const wasPromoted: { user_id: string }[] = await t.db.query(`SELECT user_id FROM registrations WHERE event_id = $1 AND promoted_at IS NOT NULL`, [
      edition.id,
    ]);
    expect(promoted.map((p) => p.user_id).sort()).toEqual(wasPromoted.map((p) => p.user_id).sort());
    expect(new Set(promoted.map((p) => p.user_id)).size).toBe(promoted.length);
    const freed = 3 + (wasPromoted.some((p) => p.user_id === users[4].id) ? 1 : 0);
    expect(promoted).toHaveLength(freed);
    // cancelling twice, or someone else's registration
    expect((await t.http().post(`/api/v1/registrations/${regs[0].id}/cancel`).set(users[0].auth).expect(409)).body.code).toBe('ALREADY_CANCELLED');
    await t.http().post(`/api/v1/registrations/${regs[3].id}/cancel`).set(users[8].auth).expect(404);
    const mine = await t.http().get('/api/v1/registrations/mine').set(users[3].auth).expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ id: regs[3].id, status: 'confirmed' })]);
    // after cancelling, registering again is allowed
    await register(t, users[0], edition.id, 'online').expect(201);
  });

  it('emits webhooks for created, cancelled and promoted registrations', async () => {
    const edition = await makeOpenEdition(t, admin, { capacityOnline: 1 });
    await t.db.query(
      `INSERT INTO webhook_endpoints (event_id, url, secret, event_types)
       VALUES ($1, 'https://hooks.example.org/x', 'secret-secret-secret', ARRAY['registration.created','registration.cancelled','registration.promoted'])`,
      [edition.id],
    );
    const [a, b] = await makeUsers(t, 2);
    const ra = await registered(t, a, edition.id, 'online');
    await registered(t, b, edition.id, 'online');
    await t.http().post(`/api/v1/registrations/${ra.id}/cancel`).set(a.auth).expect(200);
    const types: { event_type: string }[] = await t.db.query(`SELECT event_type FROM webhook_deliveries WHERE event_id = $1 ORDER BY created_at, event_type`, [
      edition.id,
    ]);
    expect(types.map((x) => x.event_type).sort()).toEqual(
      ['registration.cancelled', 'registration.created', 'registration.created', 'registration.promoted'].sort(),
    );
  });

  it('keeps capacity rows in step with the edition: a cut below confirmed → 409 naming the field; a raise promotes', async () => {
    const edition = await makeOpenEdition(t, admin, { capacityInPerson: 2 });
    const users = await makeUsers(t, 5);
    for (const u of users) await registered(t, u, edition.id, 'in_person');
    const cut = await t.http().patch(`/api/v1/events/${edition.id}`).set(admin.auth).send({ capacityInPerson: 1 }).expect(409);
    expect(cut.body.code).toBe('CAPACITY_BELOW_CONFIRMED');
    expect(cut.body.message).toContain('capacityInPerson');
    await t.http().patch(`/api/v1/events/${edition.id}`).set(admin.auth).send({ capacityInPerson: 4 }).expect(200);
    const [counts] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS c, count(*) FILTER (WHERE status = 'waitlisted')::int AS w FROM registrations WHERE event_id = $1`,
      [edition.id],
    );
    expect(counts).toEqual({ c: 4, w: 1 });
    expect(await positions(t, edition.id, 'in_person')).toEqual([1]);
    await t.http().patch(`/api/v1/events/${edition.id}`).set(admin.auth).send({ capacityInPerson: null }).expect(200);
    expect(await positions(t, edition.id, 'in_person')).toEqual([]);
    const [cap] = await t.db.query(`SELECT capacity, confirmed FROM registration_capacities WHERE event_id = $1 AND mode = 'in_person'`, [edition.id]);
    expect(cap).toEqual({ capacity: null, confirmed: 5 });
  });

  describe('Idempotency-Key', () => {
    it('20 concurrent identical requests with one key make one registration and identical answers', async () => {
      const edition = await makeOpenEdition(t, admin, { capacityOnline: 5 });
      const user = await makeAttendee(t);
      const key = '"2f1c7d9e-5d7b-4c1e-9a7e-0c6b0b4b7a11"';
      const answers = await Promise.all(range(20).map(() => register(t, user, edition.id, 'online', key)));
      expect(answers.map((a) => a.status)).toEqual(range(20).map(() => 201));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(answers.filter((a) => a.headers['idempotency-replayed'] === 'true')).toHaveLength(19);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [edition.id]);
      expect(n).toBe(1);
      // later replays too
      const again = await register(t, user, edition.id, 'online', key).expect(201);
      expect(again.body).toEqual(answers[0].body);
    });

    it('refuses another body (422), a malformed key (400), and answers 409 while the first is still running', async () => {
      const edition = await makeOpenEdition(t, admin);
      const user = await makeAttendee(t);
      await register(t, user, edition.id, 'online', 'key-1').expect(201);
      expect((await register(t, user, edition.id, 'in_person', 'key-1').expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      for (const bad of ['', 'x'.repeat(300), 'caf\u00e9']) {
        const res = await t.http().post(`/api/v1/events/${edition.id}/registrations`).set(user.auth).set('Idempotency-Key', bad).send({ mode: 'online' });
        expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'IDEMPOTENCY_KEY_INVALID' });
      }
      // a first request still in flight (its key row uncommitted in another transaction)
      const other = await makeAttendee(t);
      const runner = t.db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(
          `INSERT INTO idempotency_keys (user_id, scope, key, request_hash, expires_at) VALUES ($1, $2, 'busy', 'h', now() + interval '1 day')`,
          [other.id, `POST /events/${edition.id}/registrations`],
        );
        const res = await register(t, other, edition.id, 'online', 'busy').expect(409);
        expect(res.body.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      await register(t, other, edition.id, 'online', 'busy').expect(201);
    });

    it('scopes keys to the caller, forgets a failed attempt, and deletes expired keys', async () => {
      const edition = await makeOpenEdition(t, admin);
      const [a, b] = await makeUsers(t, 2);
      const ra = await register(t, a, edition.id, 'online', 'shared').expect(201);
      const rb = await register(t, b, edition.id, 'online', 'shared').expect(201);
      expect(ra.body.id).not.toBe(rb.body.id);
      // a failed first attempt (already registered) leaves no key: the same key is free afterwards
      expect((await register(t, a, edition.id, 'online', 'second').expect(409)).body.code).toBe('ALREADY_REGISTERED');
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1 AND key = 'second'`, [a.id]);
      expect(n).toBe(0);
      const [kept] = await t.db.query(`SELECT expires_at - created_at >= interval '24 hours' AS ok FROM idempotency_keys WHERE user_id = $1`, [a.id]);
      expect(kept.ok).toBe(true);
      await t.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [a.id]);
      expect(await t.app.get(RegistrationsService).purgeExpiredKeys()).toBeGreaterThanOrEqual(1);
      const left = await t.db.query(`SELECT user_id FROM idempotency_keys WHERE user_id = ANY ($1)`, [[a.id, b.id]]);
      expect(left).toEqual([{ user_id: b.id }]);
    });
  });

  describe('organiser views', () => {
    it('lists with filters and counts, exports CSV with a BOM and Chinese names intact, and refuses others', async () => {
      const edition = await makeOpenEdition(t, admin, { capacityInPerson: 1 });
      const organiser = await makeAttendee(t, 'org');
      await grant(t, admin, edition.id, organiser, 'organiser');
      const zhang = await makeAttendee(t, 'zhang', '张伟');
      const li = await makeAttendee(t, 'li', '李娜');
      const wang = await makeAttendee(t, 'wang', 'Wang, "Fang" 王芳');
      await registered(t, zhang, edition.id, 'in_person');
      await registered(t, li, edition.id, 'in_person');
      await registered(t, wang, edition.id, 'online');

      const all = await t.http().get(`/api/v1/events/${edition.id}/registrations`).set(organiser.auth).expect(200);
      expect(all.body.total).toBe(3);
      expect(all.body.counts).toEqual(
        expect.arrayContaining([
          { mode: 'in_person', status: 'confirmed', count: 1 },
          { mode: 'in_person', status: 'waitlisted', count: 1 },
          { mode: 'online', status: 'confirmed', count: 1 },
        ]),
      );
      const waiting = await t.http().get(`/api/v1/events/${edition.id}/registrations?status=waitlisted&mode=in_person`).set(organiser.auth).expect(200);
      expect(waiting.body.items.map((i: { name: string }) => i.name)).toEqual(['李娜']);
      const paged = await t.http().get(`/api/v1/events/${edition.id}/registrations?limit=1&offset=1`).set(organiser.auth).expect(200);
      expect(paged.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(paged.body.items).toHaveLength(1);
      const notIn = await t.http().get(`/api/v1/events/${edition.id}/registrations?checkedIn=false`).set(organiser.auth).expect(200);
      expect(notIn.body.total).toBe(3);
      expect((await t.http().get(`/api/v1/events/${edition.id}/registrations?checkedIn=maybe`).set(organiser.auth).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );

      const csv = await t.http().get(`/api/v1/events/${edition.id}/registrations.csv`).set(organiser.auth).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const bytes = csv.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      expect(text.split('\r\n')[0]).toBe('id,name,email,mode,status,waitlist_position,checked_in_at,registered_at');
      expect(text).toContain('张伟');
      expect(text).toContain('李娜');
      expect(text).toContain('"Wang, ""Fang"" 王芳"');

      await t.http().get(`/api/v1/events/${edition.id}/registrations`).set(zhang.auth).expect(403);
      await t.http().get(`/api/v1/events/${edition.id}/registrations.csv`).set(zhang.auth).expect(403);
      await t.http().get(`/api/v1/events/${edition.id}/registrations`).expect(401);
    });
  });
});
