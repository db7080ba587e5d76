import { backoffSeconds, signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  it('verifies its own signature and refuses tampering, other secrets and old timestamps', () => {
    const now = 1_800_000_000_000;
    const t = now / 1000;
    const header = signWebhook('s3cret', '{"a":1}', t);
    expect(verifyWebhook('s3cret', '{"a":1}', header, now)).toBe(true);
    expect(verifyWebhook('s3cret', '{"a":2}', header, now)).toBe(false);
    expect(verifyWebhook('other', '{"a":1}', header, now)).toBe(false);
    expect(verifyWebhook('s3cret', '{"a":1}', header, now + 3600_000)).toBe(false);
    expect(verifyWebhook('s3cret', '{"a":1}', 'garbage', now)).toBe(false);
  });

  it('backs off exponentially, capped', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([10, 20, 40, 80]);
    expect(backoffSeconds(30)).toBe(3600);
  });
});
