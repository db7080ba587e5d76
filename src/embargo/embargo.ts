import { DateTime } from 'luxon';

/** The edition's release settings, as the `events` row holds them. */
export interface EmbargoEdition {
  time_zone: string;
  /** Titles of submitted content are public from this instant (null: with the programme). */
  titles_release_at: Date | string | null;
  /** Abstracts are public from this instant (null: with the programme). */
  abstracts_release_at: Date | string | null;
  /** 'HH:MM' local: a late-breaking abstract is public from this hour on the day of its session. */
  late_breaking_release_time: string;
}

/** What is judged: a talk's submission type and when it is given (its talk or session start). */
export interface EmbargoedContent {
  type: string;
  startsAt: Date | string;
}

export interface EmbargoDecision {
  /** May the title be shown publicly now? */
  title: boolean;
  /** May the abstract be shown publicly now? (never before the title) */
  abstract: boolean;
  /** The next instant at which this content's visibility changes (null: nothing pending). */
  next: Date | null;
}

export const LATE_BREAKING_TYPE = 'late_breaking_abstract';

/** The instant a late-breaking abstract given at `startsAt` becomes public: the release hour, local, that day. */
export function lateBreakingReleaseAt(edition: EmbargoEdition, startsAt: Date | string): Date {
  const day = DateTime.fromJSDate(new Date(startsAt), { zone: edition.time_zone }).toISODate();
  return DateTime.fromISO(`${day}T${edition.late_breaking_release_time}`, { zone: edition.time_zone }).toJSDate();
}

/**
 * THE embargo rule, used by every public read (programme, frab XML/JSON, iCal, awards) and by their caches:
 * titles are public from `titles_release_at`, abstracts from `abstracts_release_at` (and never
 * before their title); a late-breaking abstract also waits for `late_breaking_release_time` local on
 * the day it is given. Until then only its authors, reviewers and organisers see the text (their
 * own routes do not go through this). `next` bounds how long a public response built now may be cached.
 */
export function embargo(edition: EmbargoEdition, content: EmbargoedContent, now: Date): EmbargoDecision {
  const at = (d: Date | string | null) => (d === null ? null : new Date(d));
  const titleAt = at(edition.titles_release_at);
  const abstractAts = [titleAt, at(edition.abstracts_release_at)];
  if (content.type === LATE_BREAKING_TYPE) abstractAts.push(lateBreakingReleaseAt(edition, content.startsAt));
  const passed = (d: Date | null) => d === null || d.getTime() <= now.getTime();
  const future = [titleAt, ...abstractAts].filter((d): d is Date => d !== null && d.getTime() > now.getTime());
  return {
    title: passed(titleAt),
    abstract: abstractAts.every(passed),
    next: future.length ? new Date(Math.min(...future.map((d) => d.getTime()))) : null,
  };
}

/** The earliest of many `next` instants (null when none is pending). */
export function earliest(instants: (Date | null)[]): Date | null {
  return instants.reduce<Date | null>((m, d) => (d && (!m || d < m) ? d : m), null);
}

/** A talk placed in a slot, as the presenter rule needs it. */
export interface PlacedTalk {
  type: string;
  starts_at: Date | string;
  segment_id: string;
  submission_id: string;
}

/** The slots whose presenters nothing public may name at `now`, by segment and by submission. */
export interface HiddenSlots {
  segments: Set<string>;
  submissions: Set<string>;
}

/**
 * The presenter follows the title: while a talk's title is not public, nobody public learns who
 * presents in its slot (its segment's people and the submission's speakers are left out of every
 * public read: programme, frab, iCal, the speakers list, the abstract book). Organisers and the
 * presenter see them on their own routes, which do not go through this.
 */
export function hiddenSlots(edition: EmbargoEdition, talks: PlacedTalk[], now: Date): HiddenSlots {
  const hidden: HiddenSlots = { segments: new Set(), submissions: new Set() };
  for (const k of talks) {
    if (embargo(edition, { type: k.type, startsAt: k.starts_at }, now).title) continue;
    hidden.segments.add(k.segment_id);
    hidden.submissions.add(k.submission_id);
  }
  return hidden;
}

/** What a slot whose title is not public yet is called in public outputs (no title, no names). */
export function embargoedSlotLabel(type: string): { en: string; zh: string } {
  return type === LATE_BREAKING_TYPE ? { en: 'Late-breaking abstract', zh: '最新突破性研究摘要' } : { en: 'Abstract (to be announced)', zh: '研究摘要（待公布）' };
}
