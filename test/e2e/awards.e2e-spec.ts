import { Clock } from '../../src/common/clock.js';
import { grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { insertSpeaker } from '../factories/programme-rows.js';
import { makeRoom, makeSession, openCfp, submit } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

describe('awards', () => {
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

  it('refuses a juror on their own and a co-author’s work; winners are hidden until the ceremony starts', async () => {
    const event = await makeEdition(t, admin, openCfp());
    await grant(t, admin, event.id, organiser, 'organiser');
    const [juror, colleague, other] = await Promise.all(['juror', 'colleague', 'other'].map((p) => makeUser(t, p)));
    const own = await submit(t, event.id, juror, { title: { en: 'Juror’s own study' } });
    // The colleague co-authored another paper with the juror: their work is off limits too.
    await submit(t, event.id, colleague, { coSpeakers: [{ userId: juror.id }], title: { en: 'Joint paper' } });
    const colleagues = await submit(t, event.id, colleague, { title: { en: 'Colleague’s study' } });
    const independent = await submit(t, event.id, other, { title: { en: 'YI-WINNER independent study' } });
    const room = await makeRoom(t, event.id);
    const ceremony = await makeSession(t, event.id, { kind: 'ceremony', startsAt: '2025-09-13T11:00:00Z', endsAt: '2025-09-13T12:00:00Z', roomId: room, segments: [] });

    t.app.get(Clock).set('2025-09-01T00:00:00Z');
    await t.http().post(`/api/v1/events/${event.id}/awards`).set(juror.auth).send({ kind: 'poster', name: { en: 'Best poster' } }).expect(403);
    const award = await t.http().post(`/api/v1/events/${event.id}/awards`).set(organiser.auth)
      .send({ kind: 'young_investigator_talk', name: { en: 'Best Young Investigator Talk', zh: '最佳青年研究者报告' }, ceremonySessionId: ceremony.id })
      .expect(201);
    const awardId = award.body.id;
    expect(award.body).toMatchObject({ announceAt: '2025-09-13T19:00:00.000+08:00', announced: false });
    await t.http().post(`/api/v1/awards/${awardId}/jurors`).set(organiser.auth).send({ userId: juror.id }).expect(201);
    const nominee = async (submissionId: string) => {
      const res = await t.http().post(`/api/v1/awards/${awardId}/nominees`).set(organiser.auth).send({ submissionId }).expect(201);
      return res.body.nominees.find((n: { submissionId: string }) => n.submissionId === submissionId).id as string;
    };
    const [nOwn, nColleague, nIndependent] = [await nominee(own.id), await nominee(colleagues.id), await nominee(independent.id)];
    await t.http().post(`/api/v1/awards/${awardId}/nominees`).set(organiser.auth).send({ submissionId: own.id }).expect(409);
    const person = await insertSpeaker(t, { en: 'Annual Achiever' });
    await t.http().post(`/api/v1/awards/${awardId}/nominees`).set(organiser.auth).send({ speakerId: person }).expect(201);

    const score = (who: TestUser, nomineeId: string, value = 8) => t.http().post(`/api/v1/awards/${awardId}/scores`).set(who.auth).send({ nomineeId, score: value });
    expect((await score(juror, nOwn).expect(403)).body.code).toBe('OWN_WORK');
    expect((await score(juror, nColleague).expect(409)).body.code).toBe('CO_AUTHOR_CONFLICT');
    expect((await score(other, nIndependent).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await score(juror, nIndependent, 11).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await score(juror, nIndependent, 9).expect(200);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM award_scores WHERE event_id = $1`, [event.id])).toEqual([{ n: 1 }]);

    await t.http().post(`/api/v1/awards/${awardId}/winners`).set(juror.auth).send({ nomineeIds: [nIndependent] }).expect(403);
    await t.http().post(`/api/v1/awards/${awardId}/winners`).set(organiser.auth).send({ nomineeIds: [nIndependent] }).expect(200);

    const publicView = async (at: string) => {
      t.app.get(Clock).set(at);
      const res = await t.http().get(`/api/v1/events/${event.id}/awards`).expect(200);
      return res;
    };
    const before = await publicView('2025-09-13T10:59:59Z');
    expect(before.body[0]).toMatchObject({ announced: false, nominees: [] });
    expect(before.text).not.toContain('YI-WINNER');
    const organiserView = await t.http().get(`/api/v1/events/${event.id}/awards`).set(organiser.auth).expect(200);
    expect(organiserView.body[0].nominees.find((n: { id: string }) => n.id === nIndependent)).toMatchObject({ winner: true, meanScore: 9, scoreCount: 1 });

    const after = await publicView('2025-09-13T11:00:00Z');
    expect(after.body[0]).toMatchObject({ announced: true, nominees: [{ id: nIndependent, winner: true, label: { en: 'YI-WINNER independent study' } }] });
    expect(after.body[0].nominees[0].meanScore).toBeUndefined();
  });
});
