import { frabAcronym, frabDuration, frabGuid } from './frab.js';

describe('frab helpers', () => {
  it('derives guids that never change between releases (UUIDv5 of the row id)', () => {
    // Pinned: a change here would give every event a new guid in attendee apps.
    expect(frabGuid('session', '00000000-0000-4000-8000-000000000001')).toBe('aba8f556-7ee9-56f1-bd0a-f5f0acd1fb89');
    expect(frabGuid('talk', '00000000-0000-4000-8000-000000000001')).not.toBe(frabGuid('session', '00000000-0000-4000-8000-000000000001'));
  });

  it('makes acronyms of lower-case letters, digits and underscores, at least four long', () => {
    expect(frabAcronym('CSCO 2025', 'csco-2025')).toBe('csco_2025');
    expect(frabAcronym(null, 'csco-2025')).toBe('csco_2025');
    expect(frabAcronym('AB', 'x')).toBe('ab__');
  });

  it('writes durations as HH:MM', () => {
    expect(frabDuration(5)).toBe('00:05');
    expect(frabDuration(90)).toBe('01:30');
    expect(frabDuration(600)).toBe('10:00');
  });
});
