import { Clock } from '../../src/common/clock.js';
import { grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { makeRoom, makeSession, openCfp, submit } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

describe('disclosures enforced where content is added (block policy)', () => {
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

  const disclose = (eventId: string, who: TestUser) =>
    t.http().put(`/api/v1/events/${eventId}/disclosures/me`).set(who.auth).send({ nothingToDisclose: true }).expect(200);

  it('refuses an acceptance until every speaker, co-speakers included, has disclosed; then it passes', async () => {
    const event = await makeEdition(t, admin, { ...openCfp(), disclosurePolicy: 'block' });
    await grant(t, admin, event.id, organiser, 'organiser');
    const speaker = await makeUser(t, 'speaker', 'Li Wei');
    const co = await makeUser(t, 'co', 'Anna Keller');
    const sub = await submit(t, event.id, speaker, { coSpeakers: [{ userId: co.id }] });
    await disclose(event.id, speaker);

    const blocked = await t.http().post(`/api/v1/submissions/${sub.id}/decision`).set(organiser.auth).send({ decision: 'accept' }).expect(409);
    expect(blocked.body.code).toBe('DISCLOSURE_MISSING');
    expect(blocked.body.message).toContain('Anna Keller');
    expect(blocked.body.details).toEqual([expect.objectContaining({ userId: co.id, reason: 'none' })]);
    const [row] = await t.db.query(`SELECT status FROM submissions WHERE id = $1`, [sub.id]);
    expect(row.status).toBe('submitted');

    await disclose(event.id, co);
    const ok = await t.http().post(`/api/v1/submissions/${sub.id}/decision`).set(organiser.auth).send({ decision: 'accept' }).expect(200);
    expect(ok.body.status).toBe('accepted');
    // A rejection never asks for disclosures.
    const other = await submit(t, event.id, await makeUser(t, 'undisclosed'));
    await t.http().post(`/api/v1/submissions/${other.id}/decision`).set(organiser.auth).send({ decision: 'reject' }).expect(200);
  });

  it('refuses placing a talk whose speaker no longer has a current disclosure', async () => {
    const event = await makeEdition(t, admin, { ...openCfp(), disclosurePolicy: 'block' });
    await grant(t, admin, event.id, organiser, 'organiser');
    const speaker = await makeUser(t, 'speaker', 'Zhang Min');
    const sub = await submit(t, event.id, speaker);
    await disclose(event.id, speaker);
    await t.http().post(`/api/v1/submissions/${sub.id}/decision`).set(organiser.auth).send({ decision: 'accept' }).expect(200);
    // Thirteen months later the disclosure has lapsed: placing is refused.
    t.app.get(Clock).set(new Date(Date.now() + 396 * 86_400_000));
    const room = await makeRoom(t, event.id);
    const session = await makeSession(t, event.id, { startsAt: '2025-09-11T01:00:00Z', endsAt: '2025-09-11T02:00:00Z', roomId: room, segments: [{ kind: 'talk', minutes: 15 }] });
    const refused = await t.http().post(`/api/v1/sessions/${session.id}/talks`).set(organiser.auth).send({ submissionId: sub.id, segmentId: session.segments[0] }).expect(409);
    expect(refused.body).toMatchObject({ code: 'DISCLOSURE_MISSING', details: [expect.objectContaining({ userId: speaker.id, reason: 'expired' })] });
    expect(await t.db.query(`SELECT id FROM talks WHERE event_id = $1`, [event.id])).toEqual([]);
    await disclose(event.id, speaker);
    await t.http().post(`/api/v1/sessions/${session.id}/talks`).set(organiser.auth).send({ submissionId: sub.id, segmentId: session.segments[0] }).expect(201);
  });
});
