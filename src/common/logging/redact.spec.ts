import { redactSecrets, redactValue } from './redact.js';

describe('log redaction', () => {
  it.each([
    ['GET /api/v1/agenda/AbC_123-x/agenda.ics?lang=zh', 'GET /api/v1/agenda/[redacted]/agenda.ics?lang=zh'],
    ['/api/v1/certificates/K7Q2-X9', '/api/v1/certificates/[redacted]'],
    ['/x?ticketToken=abc&lang=en', '/x?ticketToken=[redacted]&lang=en'],
    ['/x?lang=en&token=abc', '/x?lang=en&token=[redacted]'],
    ['/x?code=123456', '/x?code=[redacted]'],
    ['/api/v1/events?slug=csco-2025', '/api/v1/events?slug=csco-2025'],
  ])('%s', (text, redacted) => expect(redactSecrets(text)).toBe(redacted));

  it('walks objects and errors, and blanks secret fields', () => {
    const error = new Error('fetch /api/v1/agenda/SECRET/agenda.ics failed');
    expect(redactValue({ url: '/certificates/SECRET', err: error, headers: { authorization: 'Bearer x' }, ticketToken: 'T', n: 1 })).toEqual({
      url: '/certificates/[redacted]',
      err: expect.objectContaining({ type: 'Error', message: 'fetch /api/v1/agenda/[redacted]/agenda.ics failed' }),
      headers: { authorization: '[redacted]' },
      ticketToken: '[redacted]',
      n: 1,
    });
  });
});
