import { editionWindow, insideEdition, matchSegments, overflowMinutes, overlaps, overlongTalks, timeSegments, youngPhysicianSegments } from './scheduling.js';

const at = (iso: string) => new Date(iso);

describe('scheduling arithmetic', () => {
  it('treats ranges as half-open: touching sessions do not overlap', () => {
    expect(overlaps(at('2025-09-10T01:00Z'), at('2025-09-10T02:00Z'), at('2025-09-10T02:00Z'), at('2025-09-10T03:00Z'))).toBe(false);
    expect(overlaps(at('2025-09-10T01:00Z'), at('2025-09-10T02:00Z'), at('2025-09-10T01:59Z'), at('2025-09-10T03:00Z'))).toBe(true);
    expect(overlaps(at('2025-09-10T01:00Z'), at('2025-09-10T04:00Z'), at('2025-09-10T02:00Z'), at('2025-09-10T03:00Z'))).toBe(true);
  });

  it('places segments one after another and measures overflow', () => {
    const timed = timeSegments(at('2025-09-10T01:00Z'), [
      { kind: 'talk', durationMinutes: 5 },
      { kind: 'commentary', durationMinutes: 3 },
    ]);
    expect(timed.map((s) => [s.position, s.startsAt.toISOString(), s.endsAt.toISOString()])).toEqual([
      [1, '2025-09-10T01:00:00.000Z', '2025-09-10T01:05:00.000Z'],
      [2, '2025-09-10T01:05:00.000Z', '2025-09-10T01:08:00.000Z'],
    ]);
    expect(overflowMinutes(at('2025-09-10T01:00Z'), at('2025-09-10T01:08Z'), timed)).toBe(0);
    expect(overflowMinutes(at('2025-09-10T01:00Z'), at('2025-09-10T01:07Z'), timed)).toBe(1);
  });

  it('builds the young-physician template and flags talks over five minutes only there', () => {
    const segs = youngPhysicianSegments({ talks: 3, talkMinutes: 5, commentaryMinutes: 3, discussionMinutes: 2 });
    expect(segs.map((s) => s.kind)).toEqual(['talk', 'commentary', 'discussion', 'talk', 'commentary', 'discussion', 'talk', 'commentary', 'discussion']);
    expect(youngPhysicianSegments({ talks: 2, talkMinutes: 5, commentaryMinutes: 0, discussionMinutes: 2 }).map((s) => s.kind)).toEqual(['talk', 'discussion', 'talk', 'discussion']);
    expect(overlongTalks('young_physician', segs)).toEqual([]);
    const long = [{ kind: 'talk' as const, durationMinutes: 6 }];
    expect(overlongTalks('young_physician', long)).toEqual([{ position: 1, durationMinutes: 6 }]);
    expect(overlongTalks('lecture', long)).toEqual([]);
  });

  it('spans an edition from its first local midnight to the end of its last day', () => {
    const w = editionWindow('2025-09-10', '2025-09-14', 'Asia/Shanghai');
    expect(w.from.toISOString()).toBe('2025-09-09T16:00:00.000Z');
    expect(w.to.toISOString()).toBe('2025-09-14T16:00:00.000Z');
    expect(insideEdition(at('2025-09-09T16:00Z'), at('2025-09-09T17:00Z'), w)).toBe(true);
    expect(insideEdition(at('2025-09-09T15:30Z'), at('2025-09-09T17:00Z'), w)).toBe(false);
    expect(insideEdition(at('2025-09-14T15:00Z'), at('2025-09-14T16:30Z'), w)).toBe(false);
  });

  describe('matching a new segment list to the existing segments', () => {
    const old = ['a', 'b', 'c'];

    it('keeps identities by position when no ids are given', () => {
      expect(matchSegments(old, [{}, {}, {}, {}])).toEqual({ ids: ['a', 'b', 'c', null], problems: [] });
      expect(matchSegments(old, [{}])).toEqual({ ids: ['a'], problems: [] });
    });

    it('follows ids when segments are reordered, and a position named elsewhere is not taken twice', () => {
      expect(matchSegments(old, [{ id: 'c' }, { id: 'a' }, {}])).toEqual({ ids: ['c', 'a', null], problems: [] });
      expect(matchSegments(old, [{}, { id: 'a' }])).toEqual({ ids: [null, 'a'], problems: [] });
    });

    it('names unknown and repeated ids by their field', () => {
      const { problems } = matchSegments(old, [{ id: 'x' }, { id: 'a' }, { id: 'a' }]);
      expect(problems).toEqual([
        { field: 'segments.0.id', messages: ['is not a segment of this session'] },
        { field: 'segments.2.id', messages: ['is given twice'] },
      ]);
    });
  });
});
