import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PublicCache, strongEtag } from '../cache/public-cache.service.js';
import { buildCalendar, type CalendarSession, type CalendarTalk } from '../calendar/ical.js';
import type { AuthUser } from '../common/auth-user.js';
import { pick, type Lang } from '../common/i18n/localized-text.js';
import { toLocalIso } from '../common/time/local-time.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { ProgrammeService, type CachedProgramme, type EditionRow } from '../programme/programme.service.js';
import { PRIVATE_CACHE_CONTROL, publicCacheControl } from '../cache/http-cache.js';
import { toCsv } from '../common/csv.js';
import { buildFrabSchedule, frabToXml, nextRelease, talkEmbargo } from './frab.js';
import { embargoedSlotLabel } from '../embargo/embargo.js';
import { Clock } from '../common/clock.js';
import { CfpService } from '../cfp/cfp.service.js';
import { SpeakersService } from '../speakers/speakers.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { TracksService } from '../tracks/tracks.service.js';
import { UsersService } from '../users/users.service.js';

export type ScheduleFormat = 'xml' | 'json' | 'ics';

const CONTENT_TYPES: Record<ScheduleFormat, string> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
};

/**
 * The edition's schedule in the formats other tools read (frab XML and JSON, iCalendar) and the
 * organisers' CSV of sessions. Everything is read through the programme's queries
 * (`ProgrammeService.rows`), so the exports show exactly what the programme shows; published
 * exports are cached per edition, format and language in the PublicCache, with strong ETags.
 */
@Injectable()
export class ExportsService {
  private readonly baseUrl: string;

  constructor(
    private readonly programme: ProgrammeService,
    private readonly cache: PublicCache,
    private readonly clock: Clock,
    private readonly cfp: CfpService,
    private readonly submissions: SubmissionsService,
    private readonly tracks: TracksService,
    private readonly speakers: SpeakersService,
    private readonly users: UsersService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.baseUrl = config.get('PUBLIC_BASE_URL', { infer: true });
  }

  static contentType(format: ScheduleFormat): string {
    return CONTENT_TYPES[format];
  }

  /** The schedule in `format`: public when the edition is published; a draft only for its members (never cached). */
  async schedule(eventId: string, format: ScheduleFormat, lang: Lang, user?: AuthUser, ifNoneMatch?: string): Promise<CachedProgramme> {
    const variant = `schedule:${format}:${lang}`;
    const now = this.clock.now();
    // A hit answers without a query, as the programme's do (only published editions are cached).
    const hit = await this.cache.peek(eventId, variant, now, ifNoneMatch);
    if (hit) return { bodies: hit.bodies, etag: hit.etag, cacheControl: publicCacheControl(hit.expiresAt, now) };
    const edition = await this.programme.visibleEdition(eventId, user);
    if (!edition.published) {
      const body = Buffer.from((await this.render(edition, format, lang, now)).body);
      return { bodies: { identity: body }, etag: strongEtag(body), cacheControl: PRIVATE_CACHE_CONTROL };
    }
    const cached = await this.cache.getOrBuild(
      eventId,
      variant,
      async () => ({ ...(await this.render(edition, format, lang, now)), contentType: CONTENT_TYPES[format] }),
      now,
      ifNoneMatch,
    );
    return { bodies: cached.bodies, etag: cached.etag, cacheControl: publicCacheControl(cached.expiresAt, now) };
  }

  /** The document, and when an embargo lifts next (a cached copy must not outlive it). */
  private async render(edition: EditionRow, format: ScheduleFormat, lang: Lang, now: Date): Promise<{ body: string; expiresAt: Date | null }> {
    const rows = await this.programme.rows(edition, {}, { talks: true, now });
    if (format === 'ics') {
      // Talks go into their session's description, cut by the same embargo rule as everywhere.
      const talksOf = new Map<string, CalendarTalk[]>();
      for (const k of rows.talks) {
        const shown = talkEmbargo(edition, k, now);
        if (!shown.title) {
          // The slot, without title or names, until the title's release.
          talksOf.set(k.session_id, [...(talksOf.get(k.session_id) ?? []), { title: embargoedSlotLabel(k.type), abstract: null, speakers: [] }]);
          continue;
        }
        const speakers = rows.talkPeople.filter((p) => p.submission_id === k.submission_id).map((p) => p.name);
        talksOf.set(k.session_id, [...(talksOf.get(k.session_id) ?? []), { title: k.title, abstract: shown.abstract ? k.abstract : null, speakers }]);
      }
      const sessions: CalendarSession[] = rows.sessions.map((s) => ({
        id: s.id,
        title: s.title,
        description: s.description,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        sequence: s.sequence,
        // Online sessions are "in" their channel; never its stream link.
        roomName: s.room_id ? s.room_name : s.channel_name,
        venue: s.room_id ? s.venue : null,
        city: s.room_id ? s.city : null,
        updatedAt: s.updated_at,
        talks: talksOf.get(s.id) ?? [],
      }));
      return { body: buildCalendar(sessions, { name: pick(edition.title, lang), lang }), expiresAt: nextRelease(edition, rows, now) };
    }
    const model = buildFrabSchedule(edition, rows, { lang, baseUrl: this.baseUrl, now });
    return { body: format === 'xml' ? frabToXml(model) : JSON.stringify(model), expiresAt: nextRelease(edition, rows, now) };
  }

  /** The sessions as CSV for organisers (the route's decorator lets only owners and organisers in). */
  async sessionsCsv(eventId: string, user: AuthUser): Promise<string> {
    const edition = await this.programme.visibleEdition(eventId, user);
    const { sessions, people } = await this.programme.rows(edition, {}, { presenters: 'all' });
    const tz = edition.time_zone;
    const peopleOf = new Map<string, string[]>();
    for (const p of people) peopleOf.set(p.session_id, [...(peopleOf.get(p.session_id) ?? []), `${p.role}: ${pick(p.name, 'en')}${p.name.zh && p.name.en ? ` (${p.name.zh})` : ''}`]);
    const rows = sessions.map((s) => ({
      id: s.id,
      frabId: s.frab_id,
      startsAt: toLocalIso(s.starts_at, tz),
      endsAt: toLocalIso(s.ends_at, tz),
      minutes: Math.round((s.ends_at.getTime() - s.starts_at.getTime()) / 60000),
      kind: s.kind,
      format: s.format,
      track: s.track_code ?? '',
      titleEn: s.title.en ?? '',
      titleZh: s.title.zh ?? '',
      room: s.room_id ? pick(s.room_name, 'en') : '',
      venue: s.venue ?? '',
      city: s.city ?? '',
      channel: s.channel_id ? pick(s.channel_name, 'en') : '',
      people: [...new Set(peopleOf.get(s.id) ?? [])].join('; '),
      sequence: s.sequence,
    }));
    return toCsv(
      [
        { key: 'id', header: 'id' },
        { key: 'frabId', header: 'frab_id' },
        { key: 'startsAt', header: 'starts_at' },
        { key: 'endsAt', header: 'ends_at' },
        { key: 'minutes', header: 'minutes' },
        { key: 'kind', header: 'kind' },
        { key: 'format', header: 'format' },
        { key: 'track', header: 'track' },
        { key: 'titleEn', header: 'title_en' },
        { key: 'titleZh', header: 'title_zh' },
        { key: 'room', header: 'room' },
        { key: 'venue', header: 'venue' },
        { key: 'city', header: 'city' },
        { key: 'channel', header: 'channel' },
        { key: 'people', header: 'people' },
        { key: 'sequence', header: 'sequence' },
      ],
      rows,
    );
  }

  /**
   * Submissions with their review scores, for organisers: one row per submission with the number of
   * reviews, the mean, lowest and highest overall score, and the mean of each review criterion of
   * the edition's call. Speakers by name (never an email).
   */
  async submissionsCsv(eventId: string): Promise<string> {
    const [settings, rows, tracks] = await Promise.all([this.cfp.settings(eventId), this.submissions.reviewSummaries(eventId), this.tracks.ofEdition(eventId)]);
    const criteria = settings.criteria.map((c) => c.key);
    const userIds = [...new Set(rows.flatMap((r) => r.speakerUserIds))];
    const [profiles, accounts] = await Promise.all([this.speakers.byUsers(userIds), this.users.findByIds(userIds)]);
    const profileOf = new Map(profiles.map((p) => [p.userId!, p.name]));
    const accountOf = new Map(accounts.map((u) => [u.id, u.name]));
    const nameOf = (id: string) => profileOf.get(id)?.en ?? profileOf.get(id)?.zh ?? accountOf.get(id);
    const codeOf = new Map(tracks.map((t) => [t.id, t.code]));
    return toCsv(
      [
        { key: 'id', header: 'id' },
        { key: 'type', header: 'type' },
        { key: 'status', header: 'status' },
        { key: 'presentation', header: 'presentation' },
        { key: 'track', header: 'track' },
        { key: 'language', header: 'language' },
        { key: 'titleEn', header: 'title_en' },
        { key: 'titleZh', header: 'title_zh' },
        { key: 'speakers', header: 'speakers' },
        { key: 'submittedAt', header: 'submitted_at' },
        { key: 'decidedAt', header: 'decided_at' },
        { key: 'reviews', header: 'reviews' },
        { key: 'overallMean', header: 'overall_mean' },
        { key: 'overallMin', header: 'overall_min' },
        { key: 'overallMax', header: 'overall_max' },
        ...criteria.map((k) => ({ key: `score_${k}`, header: `score_${k}` })),
      ],
      rows.map((r) => ({
        id: r.id,
        type: r.type,
        status: r.status,
        presentation: r.presentation ?? '',
        track: (r.trackId && codeOf.get(r.trackId)) ?? '',
        language: r.language,
        titleEn: r.title.en ?? '',
        titleZh: r.title.zh ?? '',
        speakers: r.speakerUserIds.flatMap((id) => nameOf(id) ?? []).join('; '),
        submittedAt: r.submittedAt ?? '',
        decidedAt: r.decidedAt ?? '',
        reviews: r.reviews,
        overallMean: r.overallMean ?? '',
        overallMin: r.overallMin ?? '',
        overallMax: r.overallMax ?? '',
        ...Object.fromEntries(criteria.map((k) => [`score_${k}`, r.criteria?.[k] ?? ''])),
      })),
    );
  }
}
