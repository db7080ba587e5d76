import { Logger } from '@nestjs/common';
import { makeUser } from '../factories/index.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/** Issue 13, item 11: secrets in URLs never reach the log (the test read every line; it failed before the fix). */
describe('security review: secrets in log lines', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' }, { logDestination: { write: (line: string) => void lines.push(line) } });
  });
  afterAll(() => t.close());

  it('11. redacts agenda feed tokens, certificate codes and ticket tokens in request lines, messages and errors', async () => {
    const attendee = await makeUser(t, 'logged');
    const feed = await t.http().post('/api/v1/me/agenda/feed-token').set(attendee.auth).expect(201);
    const feedToken = feed.body.token as string;
    expect(feedToken.length).toBeGreaterThan(10);
    await t.http().get(`/api/v1/agenda/${feedToken}/agenda.ics`).expect(200);
    await t.http().get('/api/v1/certificates/CERT-SECRET-7Q2X9').expect(404);
    await t.http().get('/api/v1/nothing-here?ticketToken=TICKET-SECRET-81F3&lang=zh').expect(404);
    new Logger('Feeds').warn(`calendar app fetched /api/v1/agenda/${feedToken}/agenda.ics twice`);
    new Logger('Checks').error(new Error('check-in failed for https://congress.example/api/v1/check?token=TICKET-SECRET-81F3'));

    const log = lines.join('');
    expect(log).toContain('/api/v1/agenda/[redacted]/agenda.ics');
    expect(log).toContain('/api/v1/certificates/[redacted]');
    expect(log).toContain('ticketToken=[redacted]&lang=zh');
    for (const secret of [feedToken, 'CERT-SECRET-7Q2X9', 'TICKET-SECRET-81F3', attendee.token]) expect(log).not.toContain(secret);
  });
});
