import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { PublicCache } from '../cache/public-cache.service.js';
import { buildCalendar, type CalendarSession } from '../calendar/ical.js';
import type { AuthUser } from '../common/auth-user.js';
import { pick, type Lang } from '../common/i18n/localized-text.js';
import { toLocalIso } from '../common/time/local-time.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { PRIVATE_CACHE_CONTROL, ProgrammeService, PUBLIC_CACHE_CONTROL, type CachedProgramme, type EditionRow } from '../programme/programme.service.js';
import { toCsv } from './csv.js';
import { buildFrabSchedule, frabToXml } from './frab.js';

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
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.baseUrl = config.get('PUBLIC_BASE_URL', { infer: true });
  }

  static contentType(format: ScheduleFormat): string {
    return CONTENT_TYPES[format];
  }

  /** The schedule in `format`: public when the edition is published; a draft only for its members (never cached). */
  async schedule(eventId: string, format: ScheduleFormat, lang: Lang, user?: AuthUser): Promise<CachedProgramme> {
    const edition = await this.programme.visibleEdition(eventId, user);
    if (!edition.published) {
      const body = await this.render(edition, format, lang);
      return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`, cacheControl: PRIVATE_CACHE_CONTROL };
    }
    const cached = await this.cache.getOrBuild(eventId, `schedule:${format}:${lang}`, async () => ({
      body: await this.render(edition, format, lang),
      contentType: CONTENT_TYPES[format],
    }));
    return { body: cached.body, etag: cached.etag, cacheControl: PUBLIC_CACHE_CONTROL };
  }

  private async render(edition: EditionRow, format: ScheduleFormat, lang: Lang): Promise<string> {
    const rows = await this.programme.rows(edition);
    if (format === 'ics') {
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
      }));
      return buildCalendar(sessions, { name: pick(edition.title, lang), lang });
    }
    const model = buildFrabSchedule(edition, rows, { lang, baseUrl: this.baseUrl });
    return format === 'xml' ? frabToXml(model) : JSON.stringify(model);
  }

  /** The sessions as CSV for organisers (the route's decorator lets only owners and organisers in). */
  async sessionsCsv(eventId: string, user: AuthUser): Promise<string> {
    const edition = await this.programme.visibleEdition(eventId, user);
    const { sessions, people } = await this.programme.rows(edition);
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
}
