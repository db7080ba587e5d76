import { daysBetween, localDay, startOfLocalDay, toLocalIso } from './local-time.js';

describe('local time', () => {
  it('renders an instant with the zone offset', () => {
    expect(toLocalIso(new Date('2025-09-10T00:30:00Z'), 'Asia/Shanghai')).toBe('2025-09-10T08:30:00.000+08:00');
  });

  it('puts 01:00 Shanghai on the local day, not the UTC one', () => {
    const instant = new Date('2025-09-10T17:00:00Z'); // 01:00 on Sep 11 in Shanghai
    expect(localDay(instant, 'Asia/Shanghai')).toBe('2025-09-11');
    expect(localDay(instant, 'UTC')).toBe('2025-09-10');
  });

  it('finds the start of a local day', () => {
    expect(startOfLocalDay('2025-09-10', 'Asia/Shanghai').toISOString()).toBe('2025-09-09T16:00:00.000Z');
  });

  it('lists days inclusively', () => {
    expect(daysBetween('2025-09-10', '2025-09-14')).toEqual(['2025-09-10', '2025-09-11', '2025-09-12', '2025-09-13', '2025-09-14']);
    expect(daysBetween('2025-09-10', '2025-09-09')).toEqual([]);
  });
});
