import { DateTime } from 'luxon';
import { daysBetween, localDay } from '../common/time/local-time.js';

/**
 * Groups items by the local day (in `timeZone`) on which they start, keeping every day of the
 * edition (empty ones too) in calendar order, and the items in each day in their given order.
 */
export function groupByLocalDay<T>(items: T[], startOf: (item: T) => Date, timeZone: string, firstDay: string, lastDay: string, only?: string): { date: string; items: T[] }[] {
  const days = new Map<string, T[]>((only ? [only] : daysBetween(firstDay, lastDay)).map((d) => [d, []]));
  for (const item of items) days.get(localDay(startOf(item), timeZone))?.push(item);
  return [...days].map(([date, list]) => ({ date, items: list }));
}

/** The instants a local day spans in `timeZone`: [start, start of the next day). */
export function localDayRange(day: string, timeZone: string): { from: Date; to: Date } {
  const start = DateTime.fromISO(day, { zone: timeZone }).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}
