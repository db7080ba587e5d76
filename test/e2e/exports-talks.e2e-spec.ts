import { v5 as uuidv5 } from 'uuid';
import { PublicCache } from '../../src/cache/public-cache.service.js';
import { FRAB_NAMESPACE } from '../../src/exports/frab.js';
import { Clock } from '../../src/common/clock.js';
import type { TestApp } from '../setup/test-app.js';
import { addEdition, setupEdition, type EditionFixture, type EditionOptions } from '../factories/edition.js';
import { grant, makeUser, type TestUser } from '../factories/index.js';
import { makeSession, makeSpeaker, sessionBody } from '../factories/programme.js';
import { openRegistration, registered } from '../factories/registrations.js';
import { jsonSchemaErrors, xsdErrors } from '../support/frab-validators.js';

interface FrabEventJson {
  guid: string;
  id: number;
  title: string;
  subtitle: string | null;
  type: string;
  start: string;
  duration: string;
  room: string;
  abstract: string | null;
  language: string;
  persons: { name: string; guid: string }[];
}
type FrabJson = { schedule: { conference: { days: { rooms: Record<string, FrabEventJson[]> }[] } } };
const eventsOf = (doc: FrabJson) => doc.schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat());

describe('exports with talks, submissions and registrations', () => {
  let t: TestApp;
  let admin: TestUser;
  let eventId: string;
  let talkId: string;
  let presenter: TestUser;
  let speakerId: string;
  /** Registration open; a hybrid room and channel; the shape every export below reads. */
  const EDITION: EditionOptions = { edition: openRegistration(), room: { name: { en: 'Hall B', zh: 'B厅' }, city: 'Jinan' } };

  /**
   * Fills an edition with what the exports show: a hybrid session of two placed talks (one
   * late-breaking) and, unless `talksOnly`, reviews and registrations (three in person, one checked
   * in; one online; one cancelled).
   */
  async function furnish({ eventId, room, channel }: EditionFixture, talksOnly = false) {
    const chair = await makeSpeaker(t, admin, eventId, { name: { en: 'Jun Ma', zh: '马军' } });
    const session = await makeSession(t, admin, eventId, sessionBody('2025-09-11', '14:00', '14:30', {
      kind: 'oral_abstracts',
      format: 'hybrid',
      roomId: room.id,
      channelId: channel.id,
      title: { en: 'Oral abstracts: lymphoma', zh: '口头报告：淋巴瘤' },
      segments: [{ kind: 'talk', durationMinutes: 10 }, { kind: 'talk', durationMinutes: 10 }, { kind: 'discussion', durationMinutes: 10 }],
      people: [{ speakerId: chair.id, role: 'chair' }],
    }));
    const segments: { id: string }[] = await t.db.query(`SELECT id FROM session_segments WHERE session_id = $1 ORDER BY position`, [session.id]);

    // Submissions by SQL (their flow is tested in submissions.e2e-spec): one regular, one late-breaking.
    const presenter = await makeUser(t, 'presenter', 'Li Wei');
    const [{ id: speakerId }] = await t.db.query(`INSERT INTO speakers (user_id, name, country) VALUES ($1, $2, 'CN') RETURNING id`, [presenter.id, JSON.stringify({ en: 'Wei Li', zh: '李伟' })]);
    const submission = async (type: string, title: Record<string, string>, status = 'confirmed') =>
      (
        await t.db.query(
          `INSERT INTO submissions (event_id, type, title, abstract, requested_minutes, language, status, created_by, submitted_at, decided_at)
           VALUES ($1, $2, $3, $4, 10, 'en', $5, $6, now(), now()) RETURNING id`,
          [eventId, type, JSON.stringify(title), JSON.stringify({ en: `Abstract of ${title.en}` }), status, presenter.id],
        )
      )[0].id as string;
    const place = async (submissionId: string, segment: number, from: string, to: string) => {
      await t.db.query(`INSERT INTO submission_speakers (event_id, submission_id, user_id, email, is_primary, position) VALUES ($1, $2, $3, $4, true, 1)`, [eventId, submissionId, presenter.id, presenter.email]);
      const [row] = await t.db.query(
        `INSERT INTO talks (event_id, session_id, segment_id, submission_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [eventId, session.id, segments[segment].id, submissionId, `2025-09-11T${from}:00+08:00`, `2025-09-11T${to}:00+08:00`],
      );
      return row.id as string;
    };
    const regular = await submission('oral_abstract', { en: 'CAR-T in relapsed lymphoma', zh: 'CAR-T治疗复发淋巴瘤' });
    const late = await submission('late_breaking_abstract', { en: 'A late-breaking trial' });
    const talkId = await place(regular, 0, '14:00', '14:10');
    const lateId = await place(late, 1, '14:10', '14:20');
    if (talksOnly) return { talkId, lateId, presenter, speakerId: speakerId as string };
    const rejected = await submission('poster_abstract', { en: 'Rejected poster' }, 'rejected');
    await submission('poster_abstract', { en: 'Pending poster' }, 'submitted');
    const reviewer = await makeUser(t, 'reviewer');
    const reviewer2 = await makeUser(t, 'reviewer2');
    for (const [who, sub, scores] of [
      [reviewer, regular, { novelty: 5, clinical_relevance: 4, strength_of_evidence: 3 }],
      [reviewer2, regular, { novelty: 3, clinical_relevance: 4, strength_of_evidence: 5 }],
      [reviewer, rejected, { novelty: 1, clinical_relevance: 2, strength_of_evidence: 1 }],
    ] as [TestUser, string, Record<string, number>][]) {
      const overall = Object.values(scores).reduce((a, b) => a + b, 0) / 3;
      await t.db.query(`INSERT INTO reviews (event_id, submission_id, reviewer_id, scores, overall) VALUES ($1, $2, $3, $4, $5)`, [eventId, sub, who.id, JSON.stringify(scores), overall]);
    }

    // Registrations: three in person (one checked in), one online, one cancelled.
    const people = await Promise.all([0, 1, 2, 3, 4].map((i) => makeUser(t, `attendee${i}`)));
    const regs = [];
    for (const [i, u] of people.entries()) regs.push(await registered(t, u, eventId, i === 3 ? 'online' : 'in_person'));
    await t.db.query(`UPDATE registrations SET checked_in_at = now() WHERE id = $1`, [regs[0].id]);
    await t.http().post(`/api/v1/registrations/${regs[4].id}/cancel`).set(people[4].auth).expect(200);
    await t.app.get(PublicCache).sync();
    return { talkId, lateId, presenter, speakerId: speakerId as string };
  }

  beforeAll(async () => {
    let edition: EditionFixture;
    ({ t, admin, ...edition } = await setupEdition(EDITION));
    eventId = edition.eventId;
    ({ talkId, presenter, speakerId } = await furnish(edition));
  });
  afterEach(() => t.app.get(Clock).set(undefined));
  afterAll(() => t.close());

  const get = (path: string, headers: Record<string, string> = {}, id = eventId) => t.http().get(`/api/v1/events/${id}/${path}`).set(headers);

  it('lists every talk as an event of its own, valid in both formats, with presenters and a stable guid', async () => {
    const xml = await get('schedule.xml').expect(200);
    expect(await xsdErrors(xml.text)).toEqual([]);
    const json = await get('schedule.json').expect(200);
    expect(jsonSchemaErrors(json.body)).toEqual([]);
    const talk = eventsOf(json.body).find((e) => e.guid === uuidv5(`talk:${talkId}`, FRAB_NAMESPACE))!;
    expect(talk).toMatchObject({
      title: 'CAR-T in relapsed lymphoma',
      subtitle: 'Oral abstracts: lymphoma',
      type: 'oral_abstract',
      start: '14:00',
      duration: '00:10',
      room: 'Hall B',
      language: 'en',
      abstract: 'Abstract of CAR-T in relapsed lymphoma',
      persons: [{ name: 'Wei Li', guid: speakerId }],
    });
    expect(xml.text).toContain(`<event guid="${talk.guid}" id="${talk.id}">`);
    expect(xml.text).not.toContain(presenter.email);
    const zh = (await get('schedule.json?lang=zh').expect(200)).body as FrabJson;
    expect(eventsOf(zh).find((e) => e.guid === talk.guid)).toMatchObject({ title: 'CAR-T治疗复发淋巴瘤', persons: [{ name: '李伟' }] });
  });

  it('keeps embargoed titles and abstracts out of the exports until their release', async () => {
    // An edition of its own: titles public from 1 September, abstracts from the 5th.
    const own = await addEdition(t, admin, { ...EDITION, edition: { ...openRegistration(), titlesReleaseAt: '2025-09-01T00:00:00Z', abstractsReleaseAt: '2025-09-05T00:00:00Z' } });
    const { talkId, lateId } = await furnish(own, true);
    const fresh = async () => {
      t.app.get(PublicCache).invalidate(own.eventId);
      return (await get('schedule.json', {}, own.eventId).expect(200)).body as FrabJson;
    };
    const clock = t.app.get(Clock);
    // Late-breaking abstracts are released at 07:00 local on the day of their session.
    clock.set('2025-09-11T06:59:00+08:00');
    let late = eventsOf(await fresh()).find((e) => e.guid === uuidv5(`talk:${lateId}`, FRAB_NAMESPACE))!;
    expect(late.title).toBe('A late-breaking trial');
    expect(late.abstract).toBeNull();
    clock.set('2025-09-11T07:00:00+08:00');
    late = eventsOf(await fresh()).find((e) => e.guid === uuidv5(`talk:${lateId}`, FRAB_NAMESPACE))!;
    expect(late.abstract).toBe('Abstract of A late-breaking trial');

    clock.set('2025-08-31T00:00:00Z');
    let doc = await fresh();
    expect(jsonSchemaErrors(doc)).toEqual([]);
    // The slot stays (same guid), as what it is, without title or persons, until the title's release.
    expect(eventsOf(doc).find((e) => e.guid === uuidv5(`talk:${talkId}`, FRAB_NAMESPACE))).toMatchObject({ title: 'Abstract (to be announced)', persons: [], abstract: null });
    expect(JSON.stringify(doc)).not.toContain('CAR-T in relapsed lymphoma');
    clock.set('2025-09-02T00:00:00Z');
    doc = await fresh();
    const talk = eventsOf(doc).find((e) => e.guid === uuidv5(`talk:${talkId}`, FRAB_NAMESPACE))!;
    expect(talk.title).toBe('CAR-T in relapsed lymphoma');
    expect(talk.abstract).toBeNull();
  });

  it('gives organisers the submissions with their scores as CSV', async () => {
    const organiser = await makeUser(t, 'organiser');
    await grant(t, admin, eventId, organiser, 'organiser');
    const res = await get('submissions.csv', organiser.auth).expect(200);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines] = res.text.slice(1).trim().split('\r\n');
    expect(header).toBe(
      'id,type,status,presentation,track,language,title_en,title_zh,speakers,submitted_at,decided_at,reviews,overall_mean,overall_min,overall_max,score_novelty,score_clinical_relevance,score_strength_of_evidence',
    );
    expect(lines).toHaveLength(4);
    const regular = lines.find((l) => l.includes('CAR-T in relapsed lymphoma'))!;
    expect(regular).toContain(',Wei Li,');
    expect(regular).toMatch(/,2,4\.000,4\.000,4\.000,4\.000,4\.000,4\.000$/);
    expect(res.text).not.toContain(presenter.email);
    await get('submissions.csv', presenter.auth).expect(403);
  });

  it('adds submissions by state with the acceptance rate and registrations by mode and status with the check-in rate', async () => {
    const res = await get('stats', admin.auth).expect(200);
    expect(res.body.submissions).toEqual({
      total: 4,
      byStatus: expect.arrayContaining([{ key: 'confirmed', count: 2 }, { key: 'rejected', count: 1 }, { key: 'submitted', count: 1 }]),
      acceptanceRate: 0.6667,
    });
    expect(res.body.registrations).toEqual({
      total: 5,
      byMode: [{ key: 'in_person', count: 4 }, { key: 'online', count: 1 }],
      byStatus: [{ key: 'cancelled', count: 1 }, { key: 'confirmed', count: 4 }],
      checkInRate: 0.25,
    });
    // The chair and the talk's presenter.
    expect(res.body.speakers).toEqual({ total: 2, byCountry: [{ key: 'CN', count: 2 }] });
  });
});
