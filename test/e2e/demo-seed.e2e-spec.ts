import { DemoSeeder } from '../../src/seed/demo.seeder.js';
import { DEMO_ACCOUNTS } from '../../src/seed/demo-data.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ SEED_DEMO: 'true' })));
  afterAll(() => t.close());

  it('loads the demo editions and accounts, and loading again changes nothing', async () => {
    const count = async () => (await t.db.query(`SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM event_members)::int AS members`))[0];
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
});
