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
