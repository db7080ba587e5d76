/** Session kinds that carry no CME credit (industry satellites, breaks, ceremonies). */
export const NO_CREDIT_KINDS: readonly string[] = ['satellite_symposium', 'break', 'ceremony'];

/** One credit hour per 60 minutes, rounded to the nearest quarter hour; none for kinds without credit. */
export function defaultCreditHours(kind: string, startsAt: Date, endsAt: Date): number {
  if (NO_CREDIT_KINDS.includes(kind)) return 0;
  const minutes = Math.max(0, (endsAt.getTime() - startsAt.getTime()) / 60_000);
  return Math.round((minutes / 60) * 4) / 4;
}

/** An in-person registration admits in-person and hybrid sessions; an online one online and hybrid ones. */
export function modeAdmits(mode: string, format: string): boolean {
  return format === 'hybrid' || format === mode;
}

/** May attendance be claimed at `now`? Only while the session runs (start inclusive, end exclusive). */
export function sessionRunning(startsAt: Date, endsAt: Date, now: Date): boolean {
  return startsAt.getTime() <= now.getTime() && now.getTime() < endsAt.getTime();
}

/**
 * The most credit hours one person can earn in a programme: the heaviest set of sessions that do not
 * overlap in time (a claim needs the person in the session while it runs, so parallel sessions
 * cannot both count). Weighted interval scheduling: sessions by end, best[i] = max(best[i-1],
 * hours[i] + best[last session ending by its start]), O(n log n).
 */
export function maxCredits(sessions: readonly { startsAt: Date; endsAt: Date; hours: number }[]): number {
  const sorted = sessions.filter((s) => s.hours > 0).sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime());
  const best = [0];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i].startsAt.getTime();
    let lo = 0;
    let hi = i; // the number of sessions (among the first i) that end by this one's start
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].endsAt.getTime() <= start) lo = mid + 1;
      else hi = mid;
    }
    best.push(Math.max(best[i], sorted[i].hours + best[lo]));
  }
  return Math.round(best[sorted.length] * 100) / 100;
}
