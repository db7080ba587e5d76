import { chooseEncoding, etagFor, matchesEtag, publicCacheControl } from './http-cache.js';

describe('ETag matching', () => {
  it('matches a listed ETag in any coding, weakly, or *; nothing else', () => {
    expect(matchesEtag('"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('"x", "abc"', '"abc"')).toBe(true);
    expect(matchesEtag('*', '"abc"')).toBe(true);
    expect(matchesEtag(etagFor('"abc"', 'br'), '"abc"')).toBe(true);
    expect(matchesEtag(etagFor('"abc"', 'gzip'), '"abc"')).toBe(true);
    // If-None-Match compares weakly (RFC 9110 13.1.2): a CDN that weakened our ETag still gets 304s.
    expect(matchesEtag('W/"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('"abcd"', '"abc"')).toBe(false);
    expect(matchesEtag('"abc-zstd"', '"abc"')).toBe(false);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
  });

  it('names each coding with its own strong ETag', () => {
    expect(etagFor('"abc"', 'identity')).toBe('"abc"');
    expect(etagFor('"abc"', 'br')).toBe('"abc-br"');
    expect(etagFor('"abc"', 'gzip')).toBe('"abc-gzip"');
  });
});

describe('Accept-Encoding', () => {
  it('prefers brotli, then gzip, honours q-values, and falls back to identity', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(chooseEncoding('deflate')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
  });
});

describe('Cache-Control of public reads', () => {
  const now = new Date('2026-09-10T00:00:00Z');
  it('lets browsers keep 10 s and a CDN 30 s plus 30 s stale', () => {
    expect(publicCacheControl(undefined, now)).toBe('public, max-age=10, s-maxage=30, stale-while-revalidate=30');
  });
  it('never lets any copy be used past the next release', () => {
    const at = (s: number) => now.getTime() + s * 1000;
    expect(publicCacheControl(at(45), now)).toBe('public, max-age=10, s-maxage=30, stale-while-revalidate=15');
    expect(publicCacheControl(at(20), now)).toBe('public, max-age=10, s-maxage=20');
    expect(publicCacheControl(at(1), now)).toBe('public, max-age=1, s-maxage=1');
    expect(publicCacheControl(at(-5), now)).toBe('public, max-age=0, s-maxage=0');
    for (const left of [0, 1, 7, 29, 30, 31, 59, 60, 61, 3600]) {
      const cc = publicCacheControl(at(left), now);
      const n = (d: string) => Number(new RegExp(`${d}=(\\d+)`).exec(cc)?.[1] ?? 0);
      expect(Math.max(n('max-age'), n('s-maxage')) + n('stale-while-revalidate')).toBeLessThanOrEqual(left);
    }
  });
});
