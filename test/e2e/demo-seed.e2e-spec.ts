import { DemoSeeder } from '../../src/seed/demo.seeder.js';
import { DEMO_ACCOUNTS } from '../../src/seed/demo-data.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ SEED_DEMO: 'true' })));
  afterAll(() => t.close());

  it('loads the demo editions and accounts, and loading again changes nothing', async () => {
    const count = async () =>
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM event_members)::int AS members,
                  (SELECT count(*) FROM tracks)::int AS tracks, (SELECT count(*) FROM rooms)::int AS rooms, (SELECT count(*) FROM speakers)::int AS speakers,
                  (SELECT count(*) FROM sessions)::int AS sessions, (SELECT count(*) FROM session_segments)::int AS segments, (SELECT count(*) FROM session_people)::int AS people`,
        )
      )[0];
    const before = await count();
    await t.app.get(DemoSeeder).run();
    expect(await count()).toEqual(before);

    const past = await t.http().get('/api/v1/events?slug=csco-2025').expect(200);
    expect(past.body.items[0]).toMatchObject({ city: 'Jinan', startsOn: '2025-09-10', endsOn: '2025-09-14', timeZone: 'Asia/Shanghai', status: 'published' });
    expect(past.body.items[0].theme.en).toBe('Standardized Diagnosis and Treatment, Innovation-Driven Progress');
    const upcoming = await t.http().get('/api/v1/events?slug=demo-upcoming').expect(200);
    expect(upcoming.body.items[0]).toMatchObject({ cfpOpen: true, registrationOpen: true, status: 'published' });

    for (const account of Object.values(DEMO_ACCOUNTS)) {
      await t.http().post('/api/v1/auth/login').send({ email: account.email, password: account.password }).expect(200);
    }
  });

  it('shows the demo programme: tracks, halls in three cities, online channels, the special sessions, international faculty', async () => {
    const [past] = (await t.http().get('/api/v1/events?slug=csco-2025').expect(200)).body.items;
    const res = await t.http().get(`/api/v1/events/${past.id}/programme`).expect(200);
    expect(res.text).not.toContain('live.csco-demo.example.org');
    const sessions = res.body.days.flatMap((d: { sessions: unknown[] }) => d.sessions) as {
      kind: string;
      format: string;
      title: { en: string };
      track: { code: string } | null;
      room: { city: string } | null;
      segments: { kind: string; durationMinutes: number; title: { en: string } | null; people: { country: string }[] }[];
      people: { country: string }[];
    }[];
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual(['2025-09-10', '2025-09-11', '2025-09-12', '2025-09-13', '2025-09-14']);
    expect(sessions.length).toBeGreaterThanOrEqual(65);
    expect(sessions.filter((s) => s.format !== 'in_person').length / sessions.length).toBeGreaterThan(0.6);
    for (const code of ['LEU', 'LYM', 'MM', 'MDS', 'DRUG', 'YP', 'LUNG', 'BRST']) expect(sessions.some((s) => s.track?.code === code)).toBe(true);
    expect(new Set(sessions.map((s) => s.room?.city).filter(Boolean))).toEqual(new Set(['Jinan', 'Beijing', 'Shanghai']));
    for (const kind of ['ceremony', 'forum', 'young_physician', 'guideline_release', 'regulatory', 'satellite_symposium', 'break', 'lecture']) {
      expect({ kind, found: sessions.some((s) => s.kind === kind) }).toEqual({ kind, found: true });
    }
    const opening = sessions.find((s) => s.title.en === 'Opening Ceremony')!;
    expect(opening.segments.filter((g) => g.kind === 'video_message')).toHaveLength(3);
    const forum = sessions.find((s) => s.title.en === 'Innovation Drug Forum')!;
    expect(forum.segments.filter((g) => g.kind === 'lecture').map((g) => g.title!.en.split(' — ')[1].split(':')[0])).toEqual(['Cell therapy', 'Gene therapy', 'Stem-cell therapy']);
    const yp = sessions.find((s) => s.kind === 'young_physician')!;
    const talks = yp.segments.filter((g) => g.kind === 'talk');
    expect(talks.length).toBeGreaterThanOrEqual(5);
    expect(talks.every((g) => g.durationMinutes === 5)).toBe(true);
    expect(yp.segments.some((g) => g.kind === 'commentary')).toBe(true);
    const countries = new Set(sessions.flatMap((s) => [...s.people, ...s.segments.flatMap((g) => g.people)].map((p) => p.country)));
    for (const c of ['CN', 'US', 'CH', 'JP', 'SG', 'KR', 'HK']) expect(countries).toContain(c);

    const [upcoming] = (await t.http().get('/api/v1/events?slug=demo-upcoming').expect(200)).body.items;
    const next = await t.http().get(`/api/v1/events/${upcoming.id}/programme`).expect(200);
    expect(next.body.days[0].date).toBe(upcoming.startsOn);
    expect(next.body.days.flatMap((d: { sessions: unknown[] }) => d.sessions)).toHaveLength(sessions.length);
  });

  it('shows every role: the speaker has a profile, a disclosure, a submitted abstract and a placed talk; the attendee a registration, a ticket and an agenda', async () => {
    const login = async (account: { email: string; password: string }) =>
      ({ Authorization: `Bearer ${(await t.http().post('/api/v1/auth/login').send({ email: account.email, password: account.password }).expect(200)).body.accessToken}` });
    const [upcoming] = (await t.http().get('/api/v1/events?slug=demo-upcoming').expect(200)).body.items;

    const speaker = await login(DEMO_ACCOUNTS.speaker);
    const profile = (await t.http().get('/api/v1/speakers/me').set(speaker).expect(200)).body;
    expect(profile.name).toEqual({ zh: '陈晓明', en: 'Xiaoming Chen' });
    expect(profile.bio.en && profile.bio.zh).toBeTruthy();
    const disclosure = (await t.http().get(`/api/v1/events/${upcoming.id}/disclosures/me`).set(speaker).expect(200)).body;
    expect(disclosure.relationships).toHaveLength(1);
    const mine = (await t.http().get(`/api/v1/events/${upcoming.id}/submissions/mine`).set(speaker).expect(200)).body.items as {
      type: string;
      status: string;
      scheduled: boolean;
      title: { en: string };
    }[];
    expect(mine.map((s) => ({ type: s.type, status: s.status, scheduled: s.scheduled })).sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { type: 'oral_abstract', status: 'submitted', scheduled: false },
      { type: 'talk', status: 'accepted', scheduled: true },
    ]);
    const talkTitle = mine.find((s) => s.type === 'talk')!.title.en;
    // The talk is in the public programme, with the speaker beside it.
    const programme = await t.http().get(`/api/v1/events/${upcoming.id}/programme`).expect(200);
    expect(programme.text).toContain(talkTitle);
    expect(programme.text).toContain('Xiaoming Chen');

    const attendee = await login(DEMO_ACCOUNTS.attendee);
    const registrations = (await t.http().get('/api/v1/registrations/mine').set(attendee).expect(200)).body as { id: string; eventId: string; status: string }[];
    expect(registrations).toEqual([expect.objectContaining({ eventId: upcoming.id, status: 'confirmed' })]);
    const ticket = (await t.http().get(`/api/v1/registrations/${registrations[0].id}/ticket`).set(attendee).expect(200)).body;
    expect(ticket.token).toMatch(/^[\w-]{40,}$/);
    const agenda = (await t.http().get('/api/v1/me/agenda').set(attendee).expect(200)).body as { sessionId: string }[];
    expect(agenda.length).toBe(3);

    // Loading again adds nothing to the roles either.
    const count = async () => (await t.db.query(`SELECT (SELECT count(*) FROM submissions)::int AS s, (SELECT count(*) FROM registrations)::int AS r, (SELECT count(*) FROM agenda_items)::int AS a, (SELECT count(*) FROM talks)::int AS k`))[0];
    const before = await count();
    await t.app.get(DemoSeeder).run();
    expect(await count()).toEqual(before);
  });
});
