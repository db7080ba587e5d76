import { PublicCache } from '../../src/cache/public-cache.service.js';
import { Clock } from '../../src/common/clock.js';
import { makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { makeRoom, makeSession, makeTrack, openCfp, submit } from '../factories/submissions.js';
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
    // The slots show as what they are, without title, abstract or names.
    expect(talks).toMatchObject([
      { embargoed: true, type: 'oral_abstract', title: null, abstract: null, speakers: [] },
      { embargoed: true, type: 'late_breaking_abstract', title: null, displayTitle: 'Late-breaking abstract', abstract: null, speakers: [] },
    ]);
    expect(res.text).not.toContain('Wei Li');
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
    expect(before.res.headers['cache-control']).toBe('public, max-age=1, s-maxage=1');
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

/**
 * The presenter follows the title: while a talk's title is not public, nothing public names who
 * presents in its slot (programme in both languages and under every filter, frab XML and JSON in
 * both languages, iCal, the speakers list, their cached copies); organisers and the presenter still
 * see everything. At the release all of them name the presenter, without a restart.
 */
describe('the embargo hides the presenter of a talk whose title is not public', () => {
  let t: TestApp;
  let admin: TestUser;
  let presenter: TestUser;
  let eventId: string;
  let sessionId: string;
  let submissionId: string;
  let trackId: string;
  const RELEASE = '2025-08-01T00:00:00Z';
  const BEFORE = '2025-07-20T00:00:00Z';
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
    eventId = (await makeEdition(t, admin, { ...openCfp(), titlesReleaseAt: RELEASE, abstractsReleaseAt: RELEASE, lateBreakingReleaseTime: '07:00' })).id;
    presenter = await makeUser(t, 'presenter', 'Zhang Wei');
    await t.http().put('/api/v1/speakers/me').set(presenter.auth).send({ name: { en: 'PRESENTER-ZHANG Wei', zh: '张伟教授' }, affiliations: [{ en: 'Fudan University Shanghai Cancer Center' }], country: 'CN' }).expect(200);
    await t.http().put(`/api/v1/events/${eventId}/disclosures/me`).set(presenter.auth).send({ nothingToDisclose: true }).expect(200);
    const lba = await submit(t, eventId, presenter, { type: 'late_breaking_abstract', title: { en: 'LBA-SECRET phase 3' }, abstract: { en: 'Background: a phase 3 trial. Methods: randomised. Results: a secret result.' } });
    submissionId = lba.id;
    trackId = await makeTrack(t, eventId, 'LUNG', 'Lung cancer');
    const room = await makeRoom(t, eventId);
    const session = await makeSession(t, eventId, { trackId, startsAt: '2025-09-11T02:00:00Z', endsAt: '2025-09-11T03:00:00Z', roomId: room, segments: [{ kind: 'talk', minutes: 10 }] });
    sessionId = session.id;
    // A chair, who is public all along: the outputs do name people, only not the embargoed presenter.
    const chair = await t.http().post(`/api/v1/events/${eventId}/speakers`).set(admin.auth).send({ name: { en: 'CHAIR-Liu Yang', zh: '刘洋' } }).expect(201);
    await t.db.query(`INSERT INTO session_people (event_id, session_id, speaker_id, role, starts_at, ends_at) VALUES ($1, $2, $3, 'chair', '2025-09-11T02:00:00Z', '2025-09-11T03:00:00Z')`, [eventId, sessionId, chair.body.id]);
    await t.http().post(`/api/v1/submissions/${lba.id}/decision`).set(admin.auth).send({ decision: 'accept' }).expect(200);
    await t.http().post(`/api/v1/sessions/${sessionId}/talks`).set(admin.auth).send({ submissionId: lba.id, segmentId: session.segments[0] }).expect(201);
    await t.app.get(PublicCache).sync();
  });
  afterAll(async () => {
    t.app.get(Clock).set(undefined);
    await t.close();
  });

  /** Every public output at `at`, as text (iCal unfolded), each through its cache; signed in as `who` or anonymous. */
  const publicOutputs = async (at: string, who?: TestUser) => {
    t.app.get(Clock).set(at);
    const get = (path: string) => {
      const req = t.http().get(`/api/v1/events/${eventId}${path}`);
      return (who ? req.set(who.auth) : req).expect(200).then((r) => r.text.replace(/\r\n[ \t]/g, ''));
    };
    const out: Record<string, string> = {};
    for (const lang of ['en', 'zh']) {
      for (const filter of ['', '&day=2025-09-11', '&track=LUNG', `&track=${trackId}`, '&format=in_person', '&kind=oral_abstracts']) out[`programme?lang=${lang}${filter}`] = await get(`/programme?lang=${lang}${filter}`);
      for (const f of ['xml', 'json', 'ics']) out[`schedule.${f}?lang=${lang}`] = await get(`/schedule.${f}?lang=${lang}`);
    }
    out['programme (Accept-Language zh)'] = await (who ? t.http().get(`/api/v1/events/${eventId}/programme`).set(who.auth) : t.http().get(`/api/v1/events/${eventId}/programme`)).set('Accept-Language', 'zh-CN,zh;q=0.9').expect(200).then((r) => r.text);
    out.speakers = await get('/speakers?limit=100');
    out['speakers (offset)'] = await get('/speakers?limit=1&offset=5');
    return out;
  };
  const names = ['PRESENTER-ZHANG', '张伟教授', 'Zhang Wei', 'Fudan University'];

  it('names nobody in the slot before the title is public, in any output, language or filter, anonymous or signed in', async () => {
    for (const who of [undefined, admin, presenter]) {
      const out = await publicOutputs(BEFORE, who);
      for (const [name, text] of Object.entries(out)) {
        for (const n of names) expect({ name, leaks: text.includes(n) }).toEqual({ name, leaks: false });
        expect({ name, secret: text.includes('LBA-SECRET') }).toEqual({ name, secret: false });
      }
      // The outputs name people (the chair), and show the slot as a late-breaking abstract.
      expect(out['programme?lang=en']).toContain('CHAIR-Liu Yang');
      expect(out['programme?lang=zh']).toContain('刘洋');
      expect(out['programme?lang=zh']).toContain('最新突破性研究摘要');
      expect(out['schedule.json?lang=en']).toContain('CHAIR-Liu Yang');
      expect(out['schedule.xml?lang=en']).toContain('Late-breaking abstract');
      expect(out['schedule.ics?lang=en']).toContain('Late-breaking abstract');
      expect(JSON.parse(out.speakers).items.map((s: { name: { en: string } }) => s.name.en)).toEqual(['CHAIR-Liu Yang']);
      const slot = JSON.parse(out['programme?lang=en']).days.flatMap((d: { sessions: { segments: unknown[] }[] }) => d.sessions.flatMap((s) => s.segments))[0];
      expect(slot).toMatchObject({ people: [], talk: { embargoed: true, type: 'late_breaking_abstract', title: null, submissionId: null, speakers: [] } });
    }
  });

  it('still shows everything to organisers and to the presenter on their own routes', async () => {
    t.app.get(Clock).set(BEFORE);
    const session = await t.http().get(`/api/v1/events/${eventId}/sessions/${sessionId}`).set(admin.auth).expect(200);
    expect(session.text).toContain('PRESENTER-ZHANG');
    const csv = await t.http().get(`/api/v1/events/${eventId}/sessions.csv`).set(admin.auth).expect(200);
    expect(csv.text).toContain('PRESENTER-ZHANG');
    const own = await t.http().get(`/api/v1/submissions/${submissionId}`).set(presenter.auth).expect(200);
    expect(own.body).toMatchObject({ title: { en: 'LBA-SECRET phase 3' }, scheduled: true });
  });

  it('names the presenter everywhere from the release on, without waiting for a cached copy or a restart', async () => {
    await publicOutputs('2025-07-31T23:59:59Z'); // every output cached just before the release
    const out = await publicOutputs(RELEASE);
    for (const [name, text] of Object.entries(out)) {
      if (name === 'speakers (offset)') continue; // a page past the end names nobody
      const shown = name.includes('zh') && !name.startsWith('speakers') ? '张伟教授' : 'PRESENTER-ZHANG';
      expect({ name, shown: text.includes(shown) }).toEqual({ name, shown: true });
    }
    const slot = JSON.parse(out['programme?lang=en']).days.flatMap((d: { sessions: { segments: unknown[] }[] }) => d.sessions.flatMap((s) => s.segments))[0];
    expect(slot).toMatchObject({ talk: { embargoed: false, title: { en: 'LBA-SECRET phase 3' }, submissionId, speakers: [{ displayName: 'PRESENTER-ZHANG Wei' }] } });
    expect(JSON.parse(out.speakers).items.map((s: { name: { en: string } }) => s.name.en)).toEqual(['CHAIR-Liu Yang', 'PRESENTER-ZHANG Wei']);
  });
});
