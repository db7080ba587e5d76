import { earliest, embargo, embargoedSlotLabel, hiddenSlots, lateBreakingReleaseAt, type EmbargoEdition } from './embargo.js';

const edition: EmbargoEdition = {
  time_zone: 'Asia/Shanghai',
  titles_release_at: new Date('2025-08-01T00:00:00Z'),
  abstracts_release_at: new Date('2025-09-01T00:00:00Z'),
  late_breaking_release_time: '07:00',
};
const oral = { type: 'oral_abstract', startsAt: new Date('2025-09-11T02:00:00Z') }; // 10:00 local
const lba = { type: 'late_breaking_abstract', startsAt: new Date('2025-09-11T06:00:00Z') }; // 14:00 local, 11 Sept

describe('embargo', () => {
  it('hides everything before the titles are released, and says when that changes', () => {
    expect(embargo(edition, oral, new Date('2025-07-01T00:00:00Z'))).toEqual({ title: false, abstract: false, next: new Date('2025-08-01T00:00:00Z') });
  });

  it('shows the title only between the two releases, the abstract after both', () => {
    expect(embargo(edition, oral, new Date('2025-08-15T00:00:00Z'))).toEqual({ title: true, abstract: false, next: new Date('2025-09-01T00:00:00Z') });
    expect(embargo(edition, oral, new Date('2025-09-01T00:00:00Z'))).toEqual({ title: true, abstract: true, next: null });
  });

  it('never shows an abstract before its title, even when abstracts are released first', () => {
    const odd = { ...edition, titles_release_at: new Date('2025-09-05T00:00:00Z') };
    expect(embargo(odd, oral, new Date('2025-09-02T00:00:00Z'))).toMatchObject({ title: false, abstract: false });
  });

  it('releases a late-breaking abstract at the local hour on the day of its session', () => {
    const release = new Date('2025-09-10T23:00:00Z'); // 07:00 on 11 Sept in Shanghai
    expect(lateBreakingReleaseAt(edition, lba.startsAt)).toEqual(release);
    expect(embargo(edition, lba, new Date('2025-09-05T00:00:00Z'))).toEqual({ title: true, abstract: false, next: release });
    expect(embargo(edition, lba, new Date(release.getTime() - 1))).toMatchObject({ abstract: false });
    expect(embargo(edition, lba, release)).toEqual({ title: true, abstract: true, next: null });
  });

  it('uses the local day, not the UTC day, of the session', () => {
    // 07:30 local on 12 Sept is still 11 Sept in UTC.
    const early = { type: 'late_breaking_abstract', startsAt: new Date('2025-09-11T23:30:00Z') };
    expect(lateBreakingReleaseAt(edition, early.startsAt)).toEqual(new Date('2025-09-11T23:00:00Z'));
  });

  it('shows everything when the edition sets no release times (late-breaking still waits)', () => {
    const open = { ...edition, titles_release_at: null, abstracts_release_at: null };
    expect(embargo(open, oral, new Date('2025-01-01T00:00:00Z'))).toEqual({ title: true, abstract: true, next: null });
    expect(embargo(open, lba, new Date('2025-01-01T00:00:00Z'))).toMatchObject({ title: true, abstract: false });
  });

  it('finds the earliest pending release', () => {
    expect(earliest([null, new Date(5), new Date(3), null])).toEqual(new Date(3));
    expect(earliest([null])).toBeNull();
  });

  it('hides the presenters of the slots whose title is not public, and only those', () => {
    const talks = [
      { type: 'oral_abstract', starts_at: oral.startsAt, segment_id: 'seg-oral', submission_id: 'sub-oral' },
      { type: 'late_breaking_abstract', starts_at: lba.startsAt, segment_id: 'seg-lba', submission_id: 'sub-lba' },
    ];
    expect(hiddenSlots(edition, talks, new Date('2025-07-01T00:00:00Z'))).toEqual({ segments: new Set(['seg-oral', 'seg-lba']), submissions: new Set(['sub-oral', 'sub-lba']) });
    expect(hiddenSlots(edition, talks, new Date('2025-08-01T00:00:00Z'))).toEqual({ segments: new Set(), submissions: new Set() });
    expect(embargoedSlotLabel('late_breaking_abstract')).toEqual({ en: 'Late-breaking abstract', zh: '最新突破性研究摘要' });
  });
});
