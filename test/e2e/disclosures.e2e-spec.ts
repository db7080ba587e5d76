import { Clock } from '../../src/common/clock.js';
import { DisclosuresService } from '../../src/disclosures/disclosures.service.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { insertPerson, insertSession, insertSpeaker } from '../factories/programme-rows.js';

describe('conflict-of-interest disclosures', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterEach(() => t.app.get(Clock).set(undefined));
  afterAll(() => t.close());

  it('lets a person disclose relationships or nothing, valid for twelve months', async () => {
    const edition = await makeEdition(t, admin);
    const speaker = await makeUser(t);
    await t.http().get(`/api/v1/events/${edition.id}/disclosures/me`).set(speaker.auth).expect(404);
    await t.http().put(`/api/v1/events/${edition.id}/disclosures/me`).set(speaker.auth).send({ nothingToDisclose: false }).expect(400);
    await t.http().put(`/api/v1/events/${edition.id}/disclosures/me`).set(speaker.auth).send({ nothingToDisclose: true, relationships: [{ company: 'Acme', kind: 'honoraria' }] }).expect(400);
    await t.http().put(`/api/v1/events/${edition.id}/disclosures/me`).set(speaker.auth).send({ nothingToDisclose: false, relationships: [{ company: 'Acme', kind: 'bribes' }] }).expect(400);

    t.app.get(Clock).set('2025-03-01T00:00:00Z');
    const put = await t.http().put(`/api/v1/events/${edition.id}/disclosures/me`).set(speaker.auth)
      .send({ nothingToDisclose: false, relationships: [{ company: 'Acme Pharma', kind: 'consulting_advisory' }, { company: 'Beta Bio', kind: 'research_funding' }] })
      .expect(200);
    expect(put.body).toMatchObject({
      statement: 'Consulting or advisory role: Acme Pharma; Research funding: Beta Bio',
      validUntil: '2026-03-01T00:00:00.000Z',
      current: true,
    });
    t.app.get(Clock).set('2026-03-02T00:00:00Z');
    const later = await t.http().get(`/api/v1/events/${edition.id}/disclosures/me`).set(speaker.auth).expect(200);
    expect(later.body.current).toBe(false);
  });

  it('lists who still owes a disclosure per session, for organisers only', async () => {
    const edition = await makeEdition(t, admin);
    const organiser = await makeUser(t);
    const reviewer = await makeUser(t);
    await grant(t, admin, edition.id, organiser, 'organiser');
    await grant(t, admin, edition.id, reviewer, 'reviewer');
    const chairUser = await makeUser(t);
    const chair = await insertSpeaker(t, { en: 'Ma Jun', zh: '马军' }, chairUser.id);
    const guest = await insertSpeaker(t, { en: 'Anna Keller' });
    const session = await insertSession(t, edition.id, { startsAt: '2025-09-10T01:00:00Z', endsAt: '2025-09-10T02:00:00Z', title: 'Lymphoma update' });
    await insertPerson(t, edition.id, session, chair, 'chair');
    await insertPerson(t, edition.id, session, chair, 'speaker');
    await insertPerson(t, edition.id, session, guest, 'commentator');

    await t.http().get(`/api/v1/events/${edition.id}/disclosures/missing`).set(reviewer.auth).expect(403);
    const before = await t.http().get(`/api/v1/events/${edition.id}/disclosures/missing`).set(organiser.auth).expect(200);
    expect(before.body.policy).toBe('flag');
    expect(before.body.sessions).toHaveLength(1);
    expect(before.body.sessions[0].missing).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ speakerId: chair, roles: ['chair', 'speaker'], reason: 'none' }),
        expect.objectContaining({ speakerId: guest, roles: ['commentator'] }),
      ]),
    );
    expect(before.body.reviewers.map((r: { name: { en: string } }) => r.name.en)).toEqual(['Test User 测试']);

    await t.http().put(`/api/v1/events/${edition.id}/disclosures/me`).set(chairUser.auth).send({ nothingToDisclose: true }).expect(200);
    await t.http().put(`/api/v1/events/${edition.id}/disclosures/speakers/${guest}`).set(organiser.auth).send({ nothingToDisclose: true }).expect(200);
    await t.http().put(`/api/v1/events/${edition.id}/disclosures/me`).set(reviewer.auth).send({ nothingToDisclose: true }).expect(200);
    const after = await t.http().get(`/api/v1/events/${edition.id}/disclosures/missing`).set(organiser.auth).expect(200);
    expect(after.body).toEqual({ policy: 'flag', sessions: [], reviewers: [] });
  });

  it('blocks content from people without a current disclosure when the edition says so', async () => {
    const edition = await makeEdition(t, admin, { disclosurePolicy: 'block' });
    const user = await makeUser(t, 'speaker', 'Li Wei');
    const service = t.app.get(DisclosuresService);
    const attempt = () => t.db.transaction((em) => service.assertDisclosed(em, edition.id, { userIds: [user.id] }));
    await expect(attempt()).rejects.toMatchObject({ code: 'DISCLOSURE_MISSING', details: [expect.objectContaining({ userId: user.id, reason: 'none' })] });
    await t.http().put(`/api/v1/events/${edition.id}/disclosures/me`).set(user.auth).send({ nothingToDisclose: true }).expect(200);
    await expect(attempt()).resolves.toBeUndefined();

    const flagging = await makeEdition(t, admin, { disclosurePolicy: 'flag' });
    await expect(t.db.transaction((em) => service.assertDisclosed(em, flagging.id, { userIds: [user.id] }))).resolves.toBeUndefined();
  });
});
