import { DateTime } from 'luxon';
import type { SegmentKind } from './session-vocabulary.js';

/** A talk slot of a young-physician session lasts at most this long. */
export const YOUNG_PHYSICIAN_TALK_MAX_MINUTES = 5;

export interface SegmentPlan {
  /** An existing segment of the session (when changing it), which keeps its identity. */
  id?: string;
  kind: SegmentKind;
  title?: { en?: string; zh?: string } | null;
  durationMinutes: number;
}

export interface TimedSegment extends SegmentPlan {
  position: number;
  startsAt: Date;
  endsAt: Date;
}

/** Whole minutes between two instants. */
export const minutesBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 60_000);

/** Do the half-open ranges [aStart, aEnd) and [bStart, bEnd) overlap? (Touching ends do not.) */
export const overlaps = (aStart: Date, aEnd: Date, bStart: Date, bEnd: Date) => aStart < bEnd && bStart < aEnd;

/** Places segments one after another from the session's start. */
export function timeSegments(startsAt: Date, segments: SegmentPlan[]): TimedSegment[] {
  let at = startsAt.getTime();
  return segments.map((s, i) => {
    const start = new Date(at);
    at += s.durationMinutes * 60_000;
    return { ...s, position: i + 1, startsAt: start, endsAt: new Date(at) };
  });
}

/** By how many minutes the segments overflow the session (0 or less: they fit). */
export function overflowMinutes(startsAt: Date, endsAt: Date, segments: Pick<SegmentPlan, 'durationMinutes'>[]): number {
  return segments.reduce((sum, s) => sum + s.durationMinutes, 0) - minutesBetween(startsAt, endsAt);
}

/** Talk segments longer than a young-physician slot allows (1-based positions). */
export function overlongTalks(sessionKind: string, segments: SegmentPlan[]): { position: number; durationMinutes: number }[] {
  if (sessionKind !== 'young_physician') return [];
  return segments
    .map((s, i) => ({ kind: s.kind, position: i + 1, durationMinutes: s.durationMinutes }))
    .filter((s) => s.kind === 'talk' && s.durationMinutes > YOUNG_PHYSICIAN_TALK_MAX_MINUTES)
    .map(({ position, durationMinutes }) => ({ position, durationMinutes }));
}

export interface YoungPhysicianTemplate {
  talks: number;
  talkMinutes: number;
  commentaryMinutes: number;
  discussionMinutes: number;
}

/** N talks, each followed by expert commentary and interactive discussion (zero-length parts are left out). */
export function youngPhysicianSegments(t: YoungPhysicianTemplate): SegmentPlan[] {
  const out: SegmentPlan[] = [];
  for (let i = 1; i <= t.talks; i++) {
    out.push({ kind: 'talk', title: { en: `Talk ${i}`, zh: `报告 ${i}` }, durationMinutes: t.talkMinutes });
    if (t.commentaryMinutes > 0) out.push({ kind: 'commentary', title: { en: `Expert commentary ${i}`, zh: `专家点评 ${i}` }, durationMinutes: t.commentaryMinutes });
    if (t.discussionMinutes > 0) out.push({ kind: 'discussion', title: { en: `Discussion ${i}`, zh: `互动讨论 ${i}` }, durationMinutes: t.discussionMinutes });
  }
  return out;
}

/**
 * The instants an edition spans: from the start of its first local day to the end of its last
 * (the start of the day after), in its time zone.
 */
export function editionWindow(startsOn: string, endsOn: string, timeZone: string): { from: Date; to: Date } {
  return {
    from: DateTime.fromISO(startsOn, { zone: timeZone }).startOf('day').toJSDate(),
    to: DateTime.fromISO(endsOn, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate(),
  };
}

export const insideEdition = (startsAt: Date, endsAt: Date, w: { from: Date; to: Date }) => startsAt >= w.from && endsAt <= w.to;

/**
 * Which existing segment each segment of a new list is (null: a new one). A segment that names an
 * `id` is that segment; one without takes the segment at its position, unless that one is named
 * elsewhere in the list or already taken. Unknown or repeated ids are problems (1-based fields).
 */
export function matchSegments(existing: string[], next: Pick<SegmentPlan, 'id'>[]): { ids: (string | null)[]; problems: { field: string; messages: string[] }[] } {
  const problems: { field: string; messages: string[] }[] = [];
  const named = new Set<string>();
  next.forEach((s, i) => {
    if (!s.id) return;
    if (!existing.includes(s.id)) problems.push({ field: `segments.${i}.id`, messages: ['is not a segment of this session'] });
    else if (named.has(s.id)) problems.push({ field: `segments.${i}.id`, messages: ['is given twice'] });
    named.add(s.id);
  });
  const ids = next.map((s, i) => {
    if (s.id) return existing.includes(s.id) ? s.id : null;
    const atPosition = existing[i];
    return atPosition && !named.has(atPosition) ? atPosition : null;
  });
  return { ids, problems };
}
