import { DomainError } from '../common/errors/domain-error.js';
import { canonicalJson, parseIdempotencyKey, requestFingerprint } from './idempotency.js';

describe('parseIdempotencyKey', () => {
  it('reads quoted and bare keys, and no header as undefined', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('abc-123')).toBe('abc-123');
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['', '""', '   ', 'a'.repeat(256), 'caf\u00e9', 'with"quote', 'ctl\u0001'])('refuses %j', (bad) => {
    expect(() => parseIdempotencyKey(bad)).toThrow(DomainError);
  });
});

describe('requestFingerprint', () => {
  it('ignores key order but not values', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(requestFingerprint('t', { mode: 'online' })).toBe(requestFingerprint('t', { mode: 'online' }));
    expect(requestFingerprint('t', { mode: 'online' })).not.toBe(requestFingerprint('t', { mode: 'in_person' }));
    expect(requestFingerprint('t1', { mode: 'online' })).not.toBe(requestFingerprint('t2', { mode: 'online' }));
  });
});
