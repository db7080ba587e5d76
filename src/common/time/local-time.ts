import { DateTime } from 'luxon';

/** An instant as ISO 8601 with the offset of `timeZone` (e.g. 2025-09-10T08:30:00.000+08:00). */
export function toLocalIso(instant: Date | null | undefined, timeZone: string): string | null {
  if (!instant) return null;
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISO();
}

/** The local calendar day (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate()!;
}

/** The instant at which a local day begins in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return DateTime.fromISO(day, { zone: timeZone }).startOf('day').toJSDate();
}

/** Every local day from `first` to `last` inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  let d = DateTime.fromISO(first, { zone: 'UTC' });
  const end = DateTime.fromISO(last, { zone: 'UTC' });
  while (d <= end && days.length < 400) {
    days.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return days;
}
