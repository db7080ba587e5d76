import { PublicCache } from '../../src/cache/public-cache.service.js';
import { Clock } from '../../src/common/clock.js';
import { makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { makeRoom, makeSession, openCfp, submit } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const ORAL_TEXT = 'Background: an oral abstract about first-line therapy. Methods: randomised. Results: ORAL-MARKER longer survival.';
const LBA_TEXT = 'Background: a late-breaking phase 3 trial that moves markets. Methods: randomised. Results: LBA-MARKER improved survival.';

/**
 * Titles are public from titles_release_at, abstracts from abstracts_release_at, a late-breaking
 * abstract from 07:00 local on the day of its session; the cache never outlives a release.
 */
describe('abstract embargo in the public programme, the frab and iCal exports, the awards and their caches', () => {
  let t: TestApp;
  let admin: TestUser;
  let eventId: string;
  let session: { id: string; segments: string[] };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
    const event = await makeEdition(t, admin, {
      ...openCfp(),
      titlesReleaseAt: '2025-08-01T00:00:00Z',
      abstractsReleaseAt: '2025-09-01T00:00:00Z',
      lateBreakingReleaseTime: '07:00',
    });
    eventId = event.id;
    const speaker = await makeUser(t, 'speaker', 'Li Wei');
    await t.http().put('/api/v1/speakers/me').set(speaker.auth).send({ name: { en: 'Wei Li', zh: '李伟' }, affiliations: [{ en: 'Shandong Cancer Hospital' }], country: 'CN' }).expect(200);
    await t.http().put(`/api/v1/events/${eventId}/disclosures/me`).set(speaker.auth).send({ nothingToDisclose: true }).expect(200);
    const oral = await submit(t, eventId, speaker, { title: { en: 'ORAL-TITLE first-line therapy' }, abstract: { en: ORAL_TEXT } });
    const lba = await submit(t, eventId, speaker, { type: 'late_breaking_abstract', title: { en: 'LBA-TITLE phase 3 trial' }, abstract: { en: LBA_TEXT } });
    const room = await makeRoom(t, eventId);
    // 10:00–11:00 local (Asia/Shanghai) on 11 September.
    session = await makeSession(t, eventId, { startsAt: '2025-09-11T02:00:00Z', endsAt: '2025-09-11T03:00:00Z', roomId: room, segments: [{ kind: 'talk', minutes: 10 }, { kind: 'talk', minutes: 10 }] });
    for (const [i, sub] of [oral, lba].entries()) {
      await t.http().post(`/api/v1/submissions/${sub.id}/decision`).set(admin.auth).send({ decision: 'accept' }).expect(200);
      await t.http().post(`/api/v1/sessions/${session.id}/talks`).set(admin.auth).send({ submissionId: sub.id, segmentId: session.segments[i] }).expect(201);
    }
    // An award whose ceremony lies before the titles' release, won by the oral abstract.
    const award = await t.http().post(`/api/v1/events/${eventId}/awards`).set(admin.auth)
      .send({ kind: 'young_investigator_talk', name: { en: 'Best talk' }, announceAt: '2025-07-01T00:00:00Z' }).expect(201);
    const nominated = await t.http().post(`/api/v1/awards/${award.body.id}/nominees`).set(admin.auth).send({ submissionId: oral.id }).expect(201);
    await t.http().post(`/api/v1/awards/${award.body.id}/winners`).set(admin.auth).send({ nomineeIds: [nominated.body.nominees[0].id] }).expect(200);
    await t.app.get(PublicCache).sync();
  });
  afterAll(async () => {
    t.app.get(Clock).set(undefined);
    await t.close();
  });

  /** The frab JSON and the iCal export at `at` (iCal unfolded: lines are folded at 75 octets). Both go through the cache. */
  const exportsAt = async (at: string) => {
    t.app.get(Clock).set(at);
    const json = await t.http().get(`/api/v1/events/${eventId}/schedule.json`).expect(200);
    const ics = await t.http().get(`/api/v1/events/${eventId}/schedule.ics`).expect(200);
    const awards = await t.http().get(`/api/v1/events/${eventId}/awards`).expect(200);
    return { json: json.text, ics: ics.text.replace(/\r\n[ \t]/g, ''), awards: awards.text };
  };

  const programme = async (at: string) => {
    t.app.get(Clock).set(at);
    const res = await t.http().get(`/api/v1/events/${eventId}/programme`).expect(200);
    const segments = res.body.days.flatMap((d: { sessions: { segments: unknown[] }[] }) => d.sessions).flatMap((s: { segments: unknown[] }) => s.segments);
    return { res, talks: segments.map((g: { talk: unknown }) => g.talk) as ({ title: { en: string }; abstract: { en: string } | null; type: string; speakers: { displayName: string; affiliation: unknown; disclosure: string }[] } | null)[] };
  };

  it('shows nothing of a talk before its title is public', async () => {
    const { res, talks } = await programme('2025-07-15T00:00:00Z');
    expect(talks).toEqual([null, null]);
    expect(res.text).not.toContain('ORAL-TITLE');
    expect(res.text).not.toContain('MARKER');
    const exported = await exportsAt('2025-07-15T00:00:00Z');
    for (const doc of [exported.json, exported.ics, exported.awards]) {
      expect(doc).not.toContain('ORAL-TITLE');
      expect(doc).not.toContain('MARKER');
    }
  });

  it('shows titles, speakers and their disclosures but no abstract between the releases, from the cache too', async () => {
    const first = await programme('2025-08-15T00:00:00Z');
    expect(first.talks.map((k) => k?.title.en)).toEqual(['ORAL-TITLE first-line therapy', 'LBA-TITLE phase 3 trial']);
    expect(first.talks.map((k) => k?.abstract)).toEqual([null, null]);
    expect(first.talks[1]).toMatchObject({ type: 'late_breaking_abstract', speakers: [{ displayName: 'Wei Li', affiliation: { en: 'Shandong Cancer Hospital' }, disclosure: 'Nothing to disclose' }] });
    expect(first.res.text).not.toContain('MARKER');
    // A second read is served from the cache: the same body.
    const again = await programme('2025-08-20T00:00:00Z');
    expect(again.res.headers.etag).toBe(first.res.headers.etag);
    const exported = await exportsAt('2025-08-15T00:00:00Z');
    expect(exported.awards).toContain('ORAL-TITLE');
    for (const doc of [exported.json, exported.ics]) {
      expect(doc).toContain('LBA-TITLE');
      expect(doc).not.toContain('MARKER');
    }
  });

  it('releases the abstracts at their time, the late-breaking one at 07:00 local on its day, without waiting for the cache', async () => {
    // Cached before the release; after it, the cache must not serve the old body.
    await programme('2025-08-31T23:59:00Z');
    const cachedBefore = await exportsAt('2025-08-31T23:59:00Z');
    expect(cachedBefore.json).not.toContain('ORAL-MARKER');
    const exported = await exportsAt('2025-09-01T00:00:00Z');
    for (const doc of [exported.json, exported.ics]) {
      expect(doc).toContain('ORAL-MARKER');
      expect(doc).not.toContain('LBA-MARKER');
    }
    const released = await programme('2025-09-01T00:00:00Z');
    expect(released.talks[0]?.abstract).toEqual({ en: ORAL_TEXT });
    expect(released.talks[1]?.abstract).toBeNull();
    expect(released.res.text).not.toContain('LBA-MARKER');

    const before = await programme('2025-09-10T22:59:59Z'); // 06:59:59 local on the day
    expect(before.res.text).not.toContain('LBA-MARKER');
    expect(before.res.headers['cache-control']).toBe('public, max-age=1');
    const exportedBefore = await exportsAt('2025-09-10T22:59:59Z');
    expect(exportedBefore.json).not.toContain('LBA-MARKER');
    expect(exportedBefore.ics).not.toContain('LBA-MARKER');
    const after = await programme('2025-09-10T23:00:00Z');
    expect(after.talks[1]?.abstract).toEqual({ en: LBA_TEXT });
    const exportedAfter = await exportsAt('2025-09-10T23:00:00Z');
    expect(exportedAfter.json).toContain('LBA-MARKER');
    expect(exportedAfter.ics).toContain('LBA-MARKER');
  });
});
