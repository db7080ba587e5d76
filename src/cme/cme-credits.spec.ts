import { defaultCreditHours, maxCredits, modeAdmits, sessionRunning } from './cme-credits.js';

const at = (hhmm: string) => new Date(`2025-09-11T${hhmm}:00Z`);

describe('CME credits', () => {
  it('gives one credit per hour, rounded to a quarter', () => {
    expect(defaultCreditHours('plenary', at('01:00'), at('02:00'))).toBe(1);
    expect(defaultCreditHours('lecture', at('01:00'), at('02:30'))).toBe(1.5);
    expect(defaultCreditHours('forum', at('01:00'), at('01:50'))).toBe(0.75);
    expect(defaultCreditHours('forum', at('01:00'), at('01:53'))).toBe(1);
  });
  it('gives none for satellite symposia, breaks and ceremonies', () => {
    for (const kind of ['satellite_symposium', 'break', 'ceremony']) expect(defaultCreditHours(kind, at('01:00'), at('03:00'))).toBe(0);
  });
  it('admits a mode to its own format and to hybrid sessions', () => {
    expect(modeAdmits('in_person', 'hybrid')).toBe(true);
    expect(modeAdmits('online', 'online')).toBe(true);
    expect(modeAdmits('online', 'in_person')).toBe(false);
    expect(modeAdmits('in_person', 'online')).toBe(false);
  });
  it('is open from the start to just before the end', () => {
    expect(sessionRunning(at('01:00'), at('02:00'), at('01:00'))).toBe(true);
    expect(sessionRunning(at('01:00'), at('02:00'), at('02:00'))).toBe(false);
    expect(sessionRunning(at('01:00'), at('02:00'), new Date('2025-09-11T00:59:59Z'))).toBe(false);
  });
});

describe('maxCredits', () => {
  const s = (from: string, to: string, hours: number) => ({ startsAt: at(from), endsAt: at(to), hours });
  it('counts parallel sessions once: the heaviest set that does not overlap', () => {
    expect(maxCredits([])).toBe(0);
    expect(maxCredits([s('01:00', '03:00', 2), s('01:00', '02:00', 1), s('02:00', '03:00', 1.5)])).toBe(2.5);
    // Back to back counts both; an overlap of a minute does not.
    expect(maxCredits([s('01:00', '02:00', 1), s('02:00', '03:00', 1)])).toBe(2);
    expect(maxCredits([s('01:00', '02:01', 1), s('02:00', '03:00', 1)])).toBe(1);
    expect(maxCredits([s('01:00', '05:00', 4), s('01:00', '02:00', 1.5), s('02:00', '03:00', 1.5), s('03:00', '04:00', 1.5), s('04:00', '05:00', 0)])).toBe(4.5);
  });
});
