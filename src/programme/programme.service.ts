import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublicCache, strongEtag } from '../cache/public-cache.service.js';
import { PRIVATE_CACHE_CONTROL, publicCacheControl, type CacheableResponse } from '../cache/http-cache.js';
import { AccessService } from '../access/access.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { disclosureStatement } from '../disclosures/disclosure-statement.js';
import type { FinancialRelationship } from '../disclosures/disclosure.entity.js';
import { earliest, embargo, embargoedSlotLabel, hiddenSlots, type HiddenSlots } from '../embargo/embargo.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { pick, type Lang, type LocalizedText } from '../common/i18n/localized-text.js';
import { daysBetween, toLocalIso } from '../common/time/local-time.js';
import { timeSegments } from '../sessions/scheduling.js';
import type { SessionRole, SegmentKind, SessionFormat, SessionKind } from '../sessions/session-vocabulary.js';
import { groupByLocalDay, localDayRange } from './local-days.js';
import type { ProgrammePersonDto, ProgrammeQueryDto, ProgrammeResponseDto, ProgrammeSegmentDto, ProgrammeSessionDto, ProgrammeTalkDto } from './programme.dto.js';

/** The programme ready to send (JSON of a ProgrammeResponseDto): see `sendCacheable`. */
export type CachedProgramme = CacheableResponse;

export interface EditionRow {
  id: string;
  slug: string;
  acronym: string | null;
  title: LocalizedText;
  city: string;
  venue: string | null;
  time_zone: string;
  starts_on: string;
  ends_on: string;
  published: boolean;
  /** Embargoes of submission content (talks): null = public with the programme. */
  titles_release_at: Date | null;
  abstracts_release_at: Date | null;
  /** Local time (HH:MM) on the day of its session at which a late-breaking abstract becomes public. */
  late_breaking_release_time: string;
}

export interface SessionRow {
  id: string;
  kind: SessionKind;
  format: SessionFormat;
  title: LocalizedText;
  description: LocalizedText | null;
  starts_at: Date;
  ends_at: Date;
  track_id: string | null;
  track_code: string | null;
  track_name: LocalizedText | null;
  track_colour: string | null;
  /** The track's display order (null: no track). */
  track_order: number | null;
  room_id: string | null;
  room_name: LocalizedText | null;
  venue: string | null;
  city: string | null;
  channel_id: string | null;
  channel_name: LocalizedText | null;
  platform: string | null;
  room_order: number | null;
  channel_order: number | null;
  /** Positive integer id for the frab export (stable). */
  frab_id: number;
  /** iCal SEQUENCE: rises when the session moves. */
  sequence: number;
  updated_at: Date;
}

/** A submission placed into a talk segment of a session. */
export interface TalkRow {
  id: string;
  session_id: string;
  segment_id: string;
  submission_id: string;
  frab_id: number;
  starts_at: Date;
  ends_at: Date;
  type: string;
  presentation: string | null;
  title: LocalizedText;
  abstract: LocalizedText | null;
  language: string;
}

/** A presenter of a talk: the speaker profile of a submission's speaker with an account (never an email). */
export interface TalkPersonRow {
  submission_id: string;
  person_id: string;
  name: LocalizedText;
}

/** The flat rows of (part of) a programme, as read by `ProgrammeService.rows`. */
export interface ProgrammeRows {
  sessions: SessionRow[];
  segments: SegmentRow[];
  people: PersonRow[];
  talks: TalkRow[];
  talkPeople: TalkPersonRow[];
}

/** Filters of `ProgrammeService.rows` (all optional). */
export type ProgrammeFilter = Pick<ProgrammeQueryDto, 'day' | 'track' | 'format' | 'kind'>;

export interface SegmentRow {
  id: string;
  session_id: string;
  position: number;
  kind: SegmentKind;
  title: LocalizedText | null;
  duration_minutes: number;
}

export interface PersonRow {
  session_id: string;
  segment_id: string | null;
  speaker_id: string;
  role: SessionRole;
  name: LocalizedText;
  honorific: string | null;
  title: LocalizedText | null;
  affiliation: LocalizedText | null;
  country: string | null;
  /** The current disclosure (null: none, or expired). */
  nothing_to_disclose: boolean | null;
  relationships: FinancialRelationship[] | null;
  disclosure_valid_until: Date | null;
}


const ROLE_ORDER = `array_position(ARRAY['chair','moderator','speaker','commentator','panelist'], p.role)`;

/**
 * The public programme, built from a fixed number of set-based queries whatever its size:
 * (1) the caller's standing (AccessService), (2) the edition, (3) the sessions with their track, room
 * and channel, (4) their segments, (5) their people with their current disclosures, (6) their talks
 * (attached in `assemble` to their segment, under the embargo). Stream links are never selected.
 * Published programmes go through the PublicCache (per edition and variant, invalidated by change
 * notifications), so a cache hit costs no query.
 */
@Injectable()
export class ProgrammeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: PublicCache,
    private readonly clock: Clock,
    private readonly access: AccessService,
  ) {}

  async programme(eventId: string, q: ProgrammeQueryDto, lang: Lang, user?: AuthUser, ifNoneMatch?: string): Promise<CachedProgramme> {
    const variant = ['programme', lang, q.day ?? '', q.track ?? '', q.format ?? '', q.kind ?? ''].join(':');
    // A hit answers without a query: only published programmes are cached, any change to the
    // edition (unpublishing included) moves its generation, and an entry never outlives the next
    // embargo release, so a hit is still public and current.
    const now = this.clock.now();
    const hit = await this.cache.peek(eventId, variant, now, ifNoneMatch);
    if (hit) return { bodies: hit.bodies, etag: hit.etag, cacheControl: publicCacheControl(hit.expiresAt, now) };
    const edition = await this.visibleEdition(eventId, user);
    if (q.day && !daysBetween(edition.starts_on, edition.ends_on).includes(q.day)) {
      throw new DomainError('VALIDATION_FAILED', `day: not a day of the edition (${edition.starts_on} to ${edition.ends_on})`, [
        { field: 'day', messages: [`must be a day from ${edition.starts_on} to ${edition.ends_on}`] },
      ]);
    }
    if (!edition.published) {
      // A draft is seen by members only: built for them, never cached or stored in a shared cache.
      const body = Buffer.from(JSON.stringify((await this.build(edition, q, lang, now)).programme));
      return { bodies: { identity: body }, etag: strongEtag(body), cacheControl: PRIVATE_CACHE_CONTROL };
    }
    const cached = await this.cache.getOrBuild(
      eventId,
      variant,
      async () => {
        const { programme, expiresAt } = await this.build(edition, q, lang, now);
        // Never outlive the next embargo release (or a disclosure lapsing).
        return { body: JSON.stringify(programme), contentType: 'application/json', expiresAt };
      },
      now,
      ifNoneMatch,
    );
    return { bodies: cached.bodies, etag: cached.etag, cacheControl: publicCacheControl(cached.expiresAt, now) };
  }

  /**
   * The edition, if the caller may see its programme: published, or a member of it, or an admin;
   * otherwise 404 (a draft is not disclosed). Shared with the exports.
   */
  async visibleEdition(eventId: string, user?: AuthUser): Promise<EditionRow> {
    await this.access.requireVisible(user, eventId);
    const [edition]: EditionRow[] = await this.db.query(
      `SELECT e.id, e.slug, e.acronym, e.title, e.city, e.venue, e.time_zone, e.starts_on::text AS starts_on, e.ends_on::text AS ends_on,
              e.published_at IS NOT NULL AS published, e.titles_release_at, e.abstracts_release_at, e.late_breaking_release_time
         FROM events e WHERE e.id = $1`,
      [eventId],
    );
    if (!edition) throw notFound('Edition');
    return edition;
  }

  /** Five set-based queries (edition aside): sessions, segments, people with their disclosures, talks. */
  private async build(edition: EditionRow, q: ProgrammeQueryDto, lang: Lang, now: Date): Promise<{ programme: ProgrammeResponseDto; expiresAt: Date | null }> {
    const { sessions, segments, people, talks } = await this.rows(edition, q, { talks: true, talkPeople: false, now });
    const expiresAt = earliest([
      ...talks.map((k) => embargo(edition, { type: k.type, startsAt: k.starts_at }, now).next),
      ...people.map((p) => p.disclosure_valid_until),
    ]);
    return { programme: assemble(edition, sessions, segments, people, lang, q.day, talks, now), expiresAt };
  }

  /**
   * Three set-based queries (sessions, segments, people), whatever the size of the programme: the
   * one place that reads it, for the programme and every export. Stream links are never selected.
   * With `talks`, two more: the talks placed in these sessions and their presenters (the exports;
   * `talkPeople: false` skips the presenters, which the programme takes from the segment's people).
   * People come with their disclosure if it is current at `now`. Unless `presenters: 'all'` (organisers'
   * own reads), the presenters of talks whose title is not public at `now` are left out of `people`
   * and `talkPeople` (`hiddenSlots()`, the embargo's presenter rule), so no public output can name them.
   */
  async rows(edition: EditionRow, q: ProgrammeFilter = {}, o: { talks?: boolean; talkPeople?: boolean; now?: Date; presenters?: 'public' | 'all' } = {}): Promise<ProgrammeRows> {
    const cut = o.presenters !== 'all';
    const eventId = edition.id;
    const now = o.now ?? this.clock.now();
    const range = q.day ? localDayRange(q.day, edition.time_zone) : null;
    const sessions: SessionRow[] = await this.db.query(
      `SELECT s.id, s.kind, s.format, s.title, s.description, s.starts_at, s.ends_at,
              t.id AS track_id, t.code AS track_code, t.name AS track_name, t.colour AS track_colour, t.display_order AS track_order,
              r.id AS room_id, r.name AS room_name, r.venue, r.city,
              c.id AS channel_id, c.name AS channel_name, c.platform, r.display_order AS room_order, c.display_order AS channel_order,
              s.frab_id, s.sequence, s.updated_at
         FROM sessions s
         LEFT JOIN tracks t ON t.event_id = s.event_id AND t.id = s.track_id
         LEFT JOIN rooms r ON r.event_id = s.event_id AND r.id = s.room_id
         LEFT JOIN rooms c ON c.event_id = s.event_id AND c.id = s.channel_id
        WHERE s.event_id = $1
          AND ($2::timestamptz IS NULL OR s.starts_at >= $2) AND ($3::timestamptz IS NULL OR s.starts_at < $3)
          AND ($4::text IS NULL OR t.id::text = lower($4) OR t.code = $4)
          AND ($5::text IS NULL OR s.format = $5) AND ($6::text IS NULL OR s.kind = $6)
        ORDER BY s.starts_at, coalesce(r.display_order, c.display_order), s.ends_at, s.id`,
      [eventId, range?.from ?? null, range?.to ?? null, q.track ?? null, q.format ?? null, q.kind ?? null],
    );
    const ids = sessions.map((s) => s.id);
    const segments: SegmentRow[] = ids.length
      ? await this.db.query(
          `SELECT id, session_id, position, kind, title, duration_minutes FROM session_segments
            WHERE event_id = $1 AND session_id = ANY ($2::uuid[]) ORDER BY session_id, position`,
          [eventId, ids],
        )
      : [];
    const people: PersonRow[] = ids.length
      ? await this.db.query(
          `SELECT p.session_id, p.segment_id, p.speaker_id, p.role, s.name, s.honorific, s.titles->0 AS title,
                  s.affiliations->0 AS affiliation, s.country,
                  d.nothing_to_disclose, d.relationships, d.valid_until AS disclosure_valid_until
             FROM session_people p JOIN speakers s ON s.id = p.speaker_id
             LEFT JOIN disclosures d ON d.event_id = p.event_id AND d.speaker_id = p.speaker_id AND d.valid_until > $3
            WHERE p.event_id = $1 AND p.session_id = ANY ($2::uuid[])
            ORDER BY p.session_id, ${ROLE_ORDER}, coalesce(s.name->>'en', s.name->>'zh'), p.speaker_id`,
          [eventId, ids, now],
        )
      : [];
    // Talks: submissions placed into talk segments, with their presenters (names only).
    const talks: TalkRow[] = (o.talks || cut) && ids.length
      ? await this.db.query(
          `SELECT k.id, k.session_id, k.segment_id, k.submission_id, k.frab_id, k.starts_at, k.ends_at,
                  sub.type, sub.presentation, sub.title, sub.abstract, sub.language
             FROM talks k JOIN submissions sub ON sub.event_id = k.event_id AND sub.id = k.submission_id
            WHERE k.event_id = $1 AND k.session_id = ANY ($2::uuid[])
            ORDER BY k.starts_at, k.id`,
          [eventId, ids],
        )
      : [];
    const talkPeople: TalkPersonRow[] = talks.length && o.talkPeople !== false
      ? await this.db.query(
          `SELECT ss.submission_id, coalesce(sp.id, u.id) AS person_id, coalesce(sp.name, jsonb_build_object('en', u.name)) AS name
             FROM submission_speakers ss
             JOIN users u ON u.id = ss.user_id
             LEFT JOIN speakers sp ON sp.user_id = ss.user_id
            WHERE ss.event_id = $1 AND ss.submission_id = ANY ($2::uuid[])
            ORDER BY ss.submission_id, ss.position`,
          [eventId, talks.map((k) => k.submission_id)],
        )
      : [];
    if (!cut) return { sessions, segments, people, talks, talkPeople };
    const hidden = hiddenSlots(edition, talks, now);
    return {
      sessions,
      segments,
      people: people.filter((p) => p.segment_id === null || !hidden.segments.has(p.segment_id)),
      talks,
      talkPeople: talkPeople.filter((p) => !hidden.submissions.has(p.submission_id)),
    };
  }

  /**
   * The slots of an edition whose presenters are hidden at `now` (talks whose title is not public):
   * for public reads outside the programme's rows (the speakers list).
   */
  async hiddenSlots(eventId: string, now: Date): Promise<HiddenSlots> {
    const [edition]: EditionRow[] = await this.db.query(
      `SELECT time_zone, titles_release_at, abstracts_release_at, late_breaking_release_time FROM events WHERE id = $1`,
      [eventId],
    );
    if (!edition) return { segments: new Set(), submissions: new Set() };
    const talks: Pick<TalkRow, 'type' | 'starts_at' | 'segment_id' | 'submission_id'>[] = await this.db.query(
      `SELECT sub.type, k.starts_at, k.segment_id, k.submission_id
         FROM talks k JOIN submissions sub ON sub.event_id = k.event_id AND sub.id = k.submission_id
        WHERE k.event_id = $1`,
      [eventId],
    );
    return hiddenSlots(edition, talks, now);
  }
}

/** Days → sessions → segments → people, from the flat rows (pure). */
export function assemble(
  edition: EditionRow,
  sessions: SessionRow[],
  segments: SegmentRow[],
  people: PersonRow[],
  lang: Lang,
  day: string | undefined,
  talks: TalkRow[],
  now: Date,
): ProgrammeResponseDto {
  const tz = edition.time_zone;
  // The same instants recur thousands of times (a session's start is its first segment's, talks share
  // their segment's): each is converted by luxon once per assembly.
  const localIso = new Map<number, string>();
  const local = (d: Date) => {
    const key = d.getTime();
    let iso = localIso.get(key);
    if (iso === undefined) localIso.set(key, (iso = toLocalIso(d, tz)!));
    return iso;
  };
  const segmentsOf = groupBy(segments, (s) => s.session_id);
  const peopleOf = groupBy(people, (p) => p.segment_id ?? `session:${p.session_id}`);
  const talkOf = new Map(talks.map((k) => [k.segment_id, k]));
  const person = (p: PersonRow): ProgrammePersonDto => ({
    speakerId: p.speaker_id,
    role: p.role,
    name: p.name,
    displayName: pick(p.name, lang),
    honorific: p.honorific,
    title: p.title,
    affiliation: p.affiliation,
    country: p.country,
    disclosure: disclosureStatement(p.nothing_to_disclose === null ? null : { nothingToDisclose: p.nothing_to_disclose, relationships: p.relationships ?? [] }),
  });
  // The embargo decides what of a talk is public: nothing before its title's release, then the title, then the abstract.
  const talk = (k: TalkRow | undefined): ProgrammeTalkDto | null => {
    if (!k) return null;
    const shown = embargo(edition, { type: k.type, startsAt: k.starts_at }, now);
    if (!shown.title) {
      // The slot is shown, as what it is, without title, abstract or names (the presenter follows the title).
      const label = embargoedSlotLabel(k.type);
      return {
        id: k.id,
        embargoed: true,
        submissionId: null,
        type: k.type,
        presentation: k.presentation,
        language: null,
        title: null,
        displayTitle: pick(label, lang),
        abstract: null,
        startsAt: local(k.starts_at),
        endsAt: local(k.ends_at),
        speakers: [],
      };
    }
    return {
      id: k.id,
      embargoed: false,
      submissionId: k.submission_id,
      type: k.type,
      presentation: k.presentation,
      language: k.language,
      title: k.title,
      displayTitle: pick(k.title, lang),
      abstract: shown.abstract ? k.abstract : null,
      startsAt: local(k.starts_at),
      endsAt: local(k.ends_at),
      speakers: (peopleOf.get(k.segment_id) ?? []).filter((p) => p.role === 'speaker').map(person),
    };
  };
  const session = (s: SessionRow): ProgrammeSessionDto => {
    const rows = segmentsOf.get(s.id) ?? [];
    const timed = timeSegments(s.starts_at, rows.map((g) => ({ kind: g.kind, durationMinutes: g.duration_minutes })));
    return {
      id: s.id,
      kind: s.kind,
      format: s.format,
      title: s.title,
      displayTitle: pick(s.title, lang),
      description: s.description,
      startsAt: local(s.starts_at),
      endsAt: local(s.ends_at),
      track: s.track_id ? { id: s.track_id, code: s.track_code!, name: s.track_name!, displayName: pick(s.track_name, lang), colour: s.track_colour } : null,
      room: s.room_id ? { id: s.room_id, name: s.room_name!, displayName: pick(s.room_name, lang), venue: s.venue, city: s.city } : null,
      channel: s.channel_id ? { id: s.channel_id, name: s.channel_name!, displayName: pick(s.channel_name, lang), platform: s.platform } : null,
      people: (peopleOf.get(`session:${s.id}`) ?? []).map(person),
      segments: rows.map(
        (g, i): ProgrammeSegmentDto => ({
          id: g.id,
          position: g.position,
          kind: g.kind,
          title: g.title,
          displayTitle: pick(g.title, lang),
          durationMinutes: g.duration_minutes,
          startsAt: local(timed[i].startsAt),
          endsAt: local(timed[i].endsAt),
          people: (peopleOf.get(g.id) ?? []).map(person),
          talk: talk(talkOf.get(g.id)),
        }),
      ),
    };
  };
  return {
    event: {
      id: edition.id,
      slug: edition.slug,
      title: edition.title,
      displayTitle: pick(edition.title, lang),
      timeZone: tz,
      startsOn: edition.starts_on,
      endsOn: edition.ends_on,
    },
    lang,
    days: groupByLocalDay(sessions, (s) => s.starts_at, tz, edition.starts_on, edition.ends_on, day).map((d) => ({ date: d.date, sessions: d.items.map(session) })),
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
