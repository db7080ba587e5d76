import { Clock } from '../../src/common/clock.js';
import { grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { insertSpeaker } from '../factories/programme-rows.js';
import { makeRoom, makeSession, makeTrack, openCfp, submit } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/** Issue 13, items 13–16: who may see and change what (each test failed before its fix). */
describe('security review: access findings', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterEach(() => t.app.get(Clock).set(undefined));
  afterAll(() => t.close());

  it('13. an organiser never overwrites the disclosure a speaker made themselves; faculty without an account are entered and audited', async () => {
    const event = await makeEdition(t, admin);
    const organiser = await makeUser(t, 'org');
    await grant(t, admin, event.id, organiser, 'organiser');
    const speaker = await makeUser(t, 'speaker', 'Zhang Min');
    const own = await t.http().put(`/api/v1/events/${event.id}/disclosures/me`).set(speaker.auth)
      .send({ nothingToDisclose: false, relationships: [{ company: 'Pharma A', kind: 'consulting_advisory' }] }).expect(200);

    const overwrite = await t.http().put(`/api/v1/events/${event.id}/disclosures/speakers/${own.body.speakerId}`).set(organiser.auth)
      .send({ nothingToDisclose: true });
    expect(overwrite.status).toBe(409);
    expect(overwrite.body.code).toBe('SPEAKER_HAS_ACCOUNT');
    const mine = await t.http().get(`/api/v1/events/${event.id}/disclosures/me`).set(speaker.auth).expect(200);
    expect(mine.body).toMatchObject({ nothingToDisclose: false, relationships: [{ company: 'Pharma A' }] });

    // Invited faculty without an account: the organiser enters it, and the audit log says who.
    const faculty = await insertSpeaker(t, { en: 'Invited Faculty' });
    await t.http().put(`/api/v1/events/${event.id}/disclosures/speakers/${faculty}`).set(organiser.auth).send({ nothingToDisclose: true }).expect(200);
    const audit = await t.http().get(`/api/v1/events/${event.id}/audit?action=disclosure.put`).set(organiser.auth).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ actor: expect.objectContaining({ id: organiser.id }), entityId: faculty })]);
  });

  it('14. no CME certificate without credits, for an edition never attended', async () => {
    const event = await makeEdition(t, admin, { cmeClaimsCloseAt: '2025-09-20T00:00:00Z' });
    const stranger = await makeUser(t, 'stranger');
    t.app.get(Clock).set('2025-09-21T00:00:00Z');
    const res = await t.http().get(`/api/v1/me/cme/certificate?eventId=${event.id}`).set(stranger.auth);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NO_CME_CREDITS');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM cme_certificates WHERE event_id = $1`, [event.id])).toEqual([{ n: 0 }]);
    // The database refuses one too.
    await expect(
      t.db.query(`INSERT INTO cme_certificates (event_id, user_id, code, name, total_hours, issued_at) VALUES ($1, $2, 'ZEROHOURS001', 'X', 0, now())`, [event.id, stranger.id]),
    ).rejects.toThrow(/cme_certificates_hours_check/);
  });

  it('15. a track chair reads only sessions of their tracks', async () => {
    const event = await makeEdition(t, admin);
    const [mine, other] = [await makeTrack(t, event.id, 'LEU'), await makeTrack(t, event.id, 'LYM')];
    const chair = await makeUser(t, 'chair');
    await grant(t, admin, event.id, chair, 'track_chair', [mine]);
    const room = await makeRoom(t, event.id);
    const own = await makeSession(t, event.id, { trackId: mine, startsAt: '2025-09-11T01:00:00Z', endsAt: '2025-09-11T02:00:00Z', roomId: room, segments: [] });
    const theirs = await makeSession(t, event.id, { trackId: other, startsAt: '2025-09-11T03:00:00Z', endsAt: '2025-09-11T04:00:00Z', roomId: room, segments: [] });
    const untracked = await makeSession(t, event.id, { startsAt: '2025-09-11T05:00:00Z', endsAt: '2025-09-11T06:00:00Z', roomId: room, segments: [] });

    const list = await t.http().get(`/api/v1/events/${event.id}/sessions`).set(chair.auth).expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([own.id]);
    expect(list.body.total).toBe(1);
    await t.http().get(`/api/v1/events/${event.id}/sessions/${own.id}`).set(chair.auth).expect(200);
    for (const id of [theirs.id, untracked.id]) {
      const res = await t.http().get(`/api/v1/events/${event.id}/sessions/${id}`).set(chair.auth);
      expect({ id, status: res.status }).toEqual({ id, status: 403 });
    }
    // Organisers still see every session.
    const all = await t.http().get(`/api/v1/events/${event.id}/sessions`).set(admin.auth).expect(200);
    expect(all.body.total).toBe(3);
  });

  it('16. reviewers and track chairs see what reviewing needs, never the speakers’ email addresses', async () => {
    const event = await makeEdition(t, admin, openCfp());
    const track = await makeTrack(t, event.id, 'LEU');
    const [organiser, reviewer, chair, speaker] = await Promise.all(['org', 'rev', 'chair', 'speaker'].map((p) => makeUser(t, p)));
    await grant(t, admin, event.id, organiser, 'organiser');
    await grant(t, admin, event.id, reviewer, 'reviewer');
    await grant(t, admin, event.id, chair, 'track_chair', [track]);
    await submit(t, event.id, speaker, { trackId: track, coSpeakers: [{ email: 'invitee@elsewhere.example' }] });

    for (const who of [reviewer, chair]) {
      const res = await t.http().get(`/api/v1/events/${event.id}/submissions`).set(who.auth).expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.text).not.toContain(speaker.email);
      expect(res.text).not.toContain('invitee@elsewhere.example');
      expect(res.body.items[0].speakers[0]).toMatchObject({ userId: speaker.id, isPrimary: true });
      expect(res.body.items[0].speakers[0]).not.toHaveProperty('email');
      expect(res.body.items[0]).toMatchObject({ title: expect.any(Object), abstract: expect.any(Object) });
    }
    // Organisers contact speakers: they see the addresses.
    const staff = await t.http().get(`/api/v1/events/${event.id}/submissions`).set(organiser.auth).expect(200);
    expect(staff.body.items[0].speakers.map((s: { email: string }) => s.email)).toEqual([speaker.email, 'invitee@elsewhere.example']);
  });
});
