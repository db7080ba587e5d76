import { credits, fillStatement, nameLines, printedDates, verificationUrl } from './certificate-content.js';

describe('certificate content', () => {
  it('prints a profile’s names in both scripts, else the stored name as it is', () => {
    expect(nameLines('x', { zh: '张伟', en: 'Zhang Wei' })).toEqual(['张伟', 'Zhang Wei']);
    expect(nameLines('张伟', { zh: '张伟' })).toEqual(['张伟']);
    expect(nameLines('刘洋 Liu Yang', null)).toEqual(['刘洋 Liu Yang']);
    expect(nameLines('  Wang Fang ', undefined)).toEqual(['Wang Fang']);
  });

  it('spells the dates in Chinese and English', () => {
    expect(printedDates('2025-09-10', '2025-09-14')).toEqual({ zh: '2025年9月10日至14日', en: '10–14 September 2025' });
    expect(printedDates('2025-09-29', '2025-10-02')).toEqual({ zh: '2025年9月29日至10月2日', en: '29 September – 2 October 2025' });
    expect(printedDates('2025-12-30', '2026-01-02')).toEqual({ zh: '2025年12月30日至2026年1月2日', en: '30 December 2025 – 2 January 2026' });
    expect(printedDates('2025-09-10', '2025-09-10')).toEqual({ zh: '2025年9月10日', en: '10 September 2025' });
  });

  it('fills the designation statement with the maximum credits', () => {
    expect(credits(6.5)).toBe('6.5');
    expect(credits(12)).toBe('12');
    expect(fillStatement({ zh: '最多授予{credits}学分', en: 'a maximum of {credits} credits' }, 12.25)).toEqual({ zh: '最多授予12.25学分', en: 'a maximum of 12.25 credits' });
  });

  it('makes an absolute verification URL', () => {
    expect(verificationUrl('https://csco.example/', 'ABC234')).toBe('https://csco.example/api/v1/certificates/ABC234');
  });
});
