import { groupByLocalDay, localDayRange } from './local-days.js';

describe('local-day grouping', () => {
  it('lists a session at 01:00 Asia/Shanghai under its local day, not the UTC one', () => {
    const items = [{ id: 'late', at: new Date('2025-09-10T17:00:00Z') }, { id: 'first', at: new Date('2025-09-10T01:00:00Z') }];
    const days = groupByLocalDay(items, (i) => i.at, 'Asia/Shanghai', '2025-09-10', '2025-09-12');
    expect(days.map((d) => [d.date, d.items.map((i) => i.id)])).toEqual([
      ['2025-09-10', ['first']],
      ['2025-09-11', ['late']],
      ['2025-09-12', []],
    ]);
  });

  it('keeps only the asked-for day, and gives its instants', () => {
    const days = groupByLocalDay([{ at: new Date('2025-09-10T17:00:00Z') }], (i) => i.at, 'Asia/Shanghai', '2025-09-10', '2025-09-12', '2025-09-11');
    expect(days).toHaveLength(1);
    expect(days[0].items).toHaveLength(1);
    const r = localDayRange('2025-09-11', 'Asia/Shanghai');
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual(['2025-09-10T16:00:00.000Z', '2025-09-11T16:00:00.000Z']);
  });
});
