import { Injectable } from '@nestjs/common';
import type { KeyCount } from '../database/sql-repository.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { SpeakersService } from '../speakers/speakers.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { TracksService } from '../tracks/tracks.service.js';
import type { CountDto, StatsResponseDto } from './exports.dto.js';

const share = (part: number, all: number) => (all ? Math.round((part / all) * 10000) / 10000 : 0);

/** Most first, then by key (an empty key last). */
const byCountThenKey = <T>(key: (x: T) => string | null) => (a: T & { count: number }, b: T & { count: number }) =>
  b.count - a.count || (key(a) === key(b) ? 0 : key(a) === null ? 1 : key(b) === null ? -1 : key(a)! < key(b)! ? -1 : 1);

/** Counts per key, from keys that may repeat. */
function tally(keys: (string | null)[]): KeyCount[] {
  const counts = new Map<string | null, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count }));
}

const toCounts = (rows: KeyCount[]): CountDto[] => rows.map((r) => ({ key: r.key ?? 'unknown', count: r.count }));

/**
 * Figures for organisers: each owner counts its own rows (sessions, submissions, registrations) and
 * this service puts them together. Speakers are the people in sessions and the presenters of placed talks.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tracks: TracksService,
    private readonly speakers: SpeakersService,
    private readonly submissions: SubmissionsService,
    private readonly registrations: RegistrationsService,
  ) {}

  async stats(eventId: string): Promise<StatsResponseDto> {
    const [sessionCounts, tracks, people, presenters, statusRows, registrations] = await Promise.all([
      this.sessions.counts(eventId),
      this.tracks.ofEdition(eventId),
      this.sessions.peopleOfEdition(eventId),
      this.submissions.presenterUserIds(eventId).then((ids) => this.speakers.byUsers(ids)),
      this.submissions.countByStatus(eventId),
      this.registrations.counts(eventId),
    ]);
    const trackOf = new Map(tracks.map((t) => [t.id, t]));
    const byTrack = sessionCounts.byTrack
      .map((r) => {
        const t = r.trackId ? trackOf.get(r.trackId) : undefined;
        return { trackId: t?.id ?? null, code: t?.code ?? null, name: t?.name ?? null, count: r.count };
      })
      .sort(byCountThenKey((r) => r.code));
    const profiles = await this.speakers.byIds([...new Set([...people.map((p) => p.speakerId), ...presenters.map((p) => p.id)])]);
    const byCountry = toCounts(tally(profiles.map((p) => p.country)).sort(byCountThenKey((r) => r.key)));
    const byKind = toCounts(sessionCounts.byKind);
    const byFormat = toCounts(sessionCounts.byFormat);
    const byStatus = toCounts(statusRows);
    const regs = registrations.byModeAndStatus;
    const regBy = (key: 'mode' | 'status'): CountDto[] => {
      const sums = new Map<string, number>();
      for (const r of regs) sums.set(r[key], (sums.get(r[key]) ?? 0) + r.count);
      return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, count]) => ({ key: k, count }));
    };
    const n = (rows: CountDto[], ...keys: string[]) => rows.filter((r) => keys.includes(r.key)).reduce((sum, r) => sum + r.count, 0);
    const total = byFormat.reduce((sum, r) => sum + r.count, 0);
    const online = n(byFormat, 'online', 'hybrid');
    const confirmed = regs.filter((r) => r.status === 'confirmed').reduce((sum, r) => sum + r.count, 0);
    return {
      sessions: { total, byTrack, byKind, byFormat, onlineShare: share(online, total) },
      speakers: { total: byCountry.reduce((sum, r) => sum + r.count, 0), byCountry },
      submissions: {
        total: byStatus.reduce((sum, r) => sum + r.count, 0),
        byStatus,
        acceptanceRate: share(n(byStatus, 'accepted', 'confirmed'), n(byStatus, 'accepted', 'confirmed', 'rejected')),
      },
      registrations: {
        total: regs.reduce((sum, r) => sum + r.count, 0),
        byMode: regBy('mode'),
        byStatus: regBy('status'),
        checkInRate: share(registrations.checkedIn, confirmed),
      },
    };
  }
}
