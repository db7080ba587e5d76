import { isPublicAddress, webhookUrlProblem } from './webhook-url.js';

describe('webhook URL guard', () => {
  it('tells public from private addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.8', '172.16.3.4', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', '0.0.0.0', '::ffff:127.0.0.1']) {
      expect({ a, public: isPublicAddress(a) }).toEqual({ a, public: false });
    }
    for (const a of ['8.8.8.8', '2001:4860:4860::8888']) expect(isPublicAddress(a)).toBe(true);
  });

  it('refuses loopback and non-http URLs unless allowed', async () => {
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', false)).toMatch(/private or loopback/);
    expect(await webhookUrlProblem('http://[::1]/hook', false)).toMatch(/private or loopback/);
    expect(await webhookUrlProblem('ftp://example.org/x', false)).toMatch(/http/);
    expect(await webhookUrlProblem('http://user:pw@8.8.8.8/x', false)).toMatch(/credentials/);
    expect(await webhookUrlProblem('not a url', false)).toMatch(/absolute/);
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(await webhookUrlProblem('https://8.8.8.8/hook', false)).toBeNull();
  });
});
