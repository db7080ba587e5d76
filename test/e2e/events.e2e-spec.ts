import { createTestApp, type TestApp } from '../setup/test-app.js';
import { editionBody, grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';

describe('editions and per-edition roles', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterAll(() => t.close());

  it('lets an admin create an edition, and refuses everyone else', async () => {
    const user = await makeUser(t);
    await t.http().post('/api/v1/events').send(editionBody()).expect(401);
    expect((await t.http().post('/api/v1/events').set(user.auth).send(editionBody()).expect(403)).body.code).toBe('FORBIDDEN');
    const res = await t.http().post('/api/v1/events').set(admin.auth).send(editionBody({ theme: { en: 'Patient-Centered' } })).expect(201);
    expect(res.body).toMatchObject({ status: 'draft', timeZone: 'Asia/Shanghai', theme: { en: 'Patient-Centered' } });
    const me = await t.http().get('/api/v1/auth/me').set(admin.auth).expect(200);
    expect(me.body.memberships).toEqual(expect.arrayContaining([expect.objectContaining({ eventId: res.body.id, role: 'owner' })]));
  });

  it('validates an edition and names the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ endsOn: '2025-09-01' }, 'endsOn'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ colour: 'red' }, 'colour'],
      [{ title: {} }, 'title'],
      [{ slug: 'Not A Slug' }, 'slug'],
      [{ format: 'carrier-pigeon' }, 'format'],
      [{ startsOn: '2025-02-30' }, 'startsOn'],
      [{ cfpOpensAt: '2025-05-01T00:00:00Z', cfpClosesAt: '2025-04-01T00:00:00Z' }, 'cfpClosesAt'],
      [{ capacityInPerson: -1 }, 'capacityInPerson'],
    ];
    for (const [overrides, field] of cases) {
      const res = await t.http().post('/api/v1/events').set(admin.auth).send(editionBody(overrides));
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('refuses a taken slug with 409', async () => {
    const body = editionBody();
    await t.http().post('/api/v1/events').set(admin.auth).send(body).expect(201);
    expect((await t.http().post('/api/v1/events').set(admin.auth).send({ ...body }).expect(409)).body.code).toBe('SLUG_TAKEN');
  });

  it('hides drafts from the public and strangers, shows them to members', async () => {
    const draft = await makeEdition(t, admin, {}, false);
    const stranger = await makeUser(t);
    const organiser = await makeUser(t);
    await grant(t, admin, draft.id, organiser, 'organiser');

    await t.http().get(`/api/v1/events/${draft.id}`).expect(404);
    await t.http().get(`/api/v1/events/${draft.id}`).set(stranger.auth).expect(404);
    await t.http().get(`/api/v1/events/${draft.id}`).set(organiser.auth).expect(200);
    const publicList = await t.http().get(`/api/v1/events?slug=${draft.slug}`).expect(200);
    expect(publicList.body).toMatchObject({ items: [], total: 0 });
    const memberList = await t.http().get(`/api/v1/events?slug=${draft.slug}`).set(organiser.auth).expect(200);
    expect(memberList.body.items.map((e: { id: string }) => e.id)).toEqual([draft.id]);
    // A stranger learns nothing of a draft, even on organiser routes.
    await t.http().patch(`/api/v1/events/${draft.id}`).set(stranger.auth).send({ city: 'Xiamen' }).expect(404);

    await t.http().post(`/api/v1/events/${draft.id}/publish`).set(organiser.auth).expect(200);
    const published = await t.http().get(`/api/v1/events/${draft.id}`).expect(200);
    expect(published.body.status).toBe('published');
    expect(published.body.publishedAt).toMatch(/\+08:00$/);
    await t.http().patch(`/api/v1/events/${draft.id}`).set(stranger.auth).send({ city: 'Xiamen' }).expect(403);
  });

  it('scopes roles to their edition: an organiser of A is a stranger to B', async () => {
    const a = await makeEdition(t, admin);
    const b = await makeEdition(t, admin);
    const organiser = await makeUser(t);
    await grant(t, admin, a.id, organiser, 'organiser');
    const ok = await t.http().patch(`/api/v1/events/${a.id}`).set(organiser.auth).send({ city: 'Xiamen' }).expect(200);
    expect(ok.body.city).toBe('Xiamen');
    const [entry] = await t.db.query(`SELECT actor_id, action, before->>'city' AS was, after->>'city' AS now FROM audit_log WHERE event_id = $1 AND action = 'event.update'`, [a.id]);
    expect(entry).toEqual({ actor_id: organiser.id, action: 'event.update', was: 'Jinan', now: 'Xiamen' });
    expect((await t.http().patch(`/api/v1/events/${b.id}`).set(organiser.auth).send({ city: 'Xiamen' }).expect(403)).body.code).toBe('FORBIDDEN');
    // Organisers may not manage members; owners may.
    await t.http().get(`/api/v1/events/${a.id}/members`).set(organiser.auth).expect(403);
    const members = await t.http().get(`/api/v1/events/${a.id}/members`).set(admin.auth).expect(200);
    expect(members.body.map((m: { role: string }) => m.role).sort()).toEqual(['organiser', 'owner']);
  });

  it('grants and withdraws roles, keeping at least one owner', async () => {
    const e = await makeEdition(t, admin);
    const reviewer = await makeUser(t);
    const res = await t.http().post(`/api/v1/events/${e.id}/members`).set(admin.auth).send({ email: reviewer.email, role: 'reviewer' }).expect(201);
    expect(res.body).toMatchObject({ userId: reviewer.id, role: 'reviewer' });
    await t.http().post(`/api/v1/events/${e.id}/members`).set(admin.auth).send({ userId: reviewer.id, role: 'emperor' }).expect(400);
    await t.http().post(`/api/v1/events/${e.id}/members`).set(admin.auth).send({ email: 'nobody@nowhere.example', role: 'reviewer' }).expect(404);
    await t.http().delete(`/api/v1/events/${e.id}/members/${reviewer.id}`).set(admin.auth).expect(204);
    await t.http().delete(`/api/v1/events/${e.id}/members/${reviewer.id}`).set(admin.auth).expect(404);
    expect((await t.http().delete(`/api/v1/events/${e.id}/members/${admin.id}`).set(admin.auth).expect(409)).body.code).toBe('LAST_OWNER');
  });

  it('paginates the list and refuses limits out of range', async () => {
    await t.http().get('/api/v1/events?limit=0').expect(400);
    await t.http().get('/api/v1/events?limit=101').expect(400);
    await t.http().get('/api/v1/events?offset=-1').expect(400);
    const res = await t.http().get('/api/v1/events?limit=1').expect(200);
    expect(res.body.items.length).toBeLessThanOrEqual(1);
    expect(res.body.limit).toBe(1);
  });
});
