import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { AccessService } from '../access/access.service.js';
import { hasRole } from '../access/edition-access.js';
import { PublicCache } from '../cache/public-cache.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, forbidden } from '../common/errors/domain-error.js';
import { pick, type Lang } from '../common/i18n/localized-text.js';
import { disclosureStatement } from '../disclosures/disclosure-statement.js';
import { earliest, embargo } from '../embargo/embargo.js';
import { PRIVATE_CACHE_CONTROL, publicCacheControl } from '../cache/http-cache.js';
import { ProgrammeService, type EditionRow, type PersonRow, type SessionRow } from '../programme/programme.service.js';
import { buildAbstractBook, type BookAbstract, type BookInput, type BookTrack } from './abstract-book-pdf.js';
import type { AbstractBookQueryDto } from './abstract-book.dto.js';

export interface BookResponse {
  pdf: Buffer;
  etag: string;
  cacheControl: string;
  filename: string;
}

/** Editions with at least this many abstracts log the book's progress. */
const LOG_FROM = 200;

const TYPE_LABELS: Record<string, Record<Lang, string>> = {
  oral_abstract: { en: 'Oral abstract', zh: '口头报告摘要' },
  poster_abstract: { en: 'Poster abstract', zh: '壁报摘要' },
  late_breaking_abstract: { en: 'Late-breaking abstract', zh: '最新突破性研究摘要' },
  young_physician_talk: { en: 'Young physician talk', zh: '青年医师报告' },
  talk: { en: 'Talk', zh: '专题报告' },
  lecture: { en: 'Lecture', zh: '讲座' },
};
const PRESENTATION_LABELS: Record<string, Record<Lang, string>> = { oral: { en: 'Oral', zh: '口头报告' }, poster: { en: 'Poster', zh: '壁报' } };
const OTHER_TRACK: Record<Lang, string> = { en: 'Other sessions', zh: '其他专场' };
const ONLINE: Record<Lang, string> = { en: 'Online', zh: '线上' };

/**
 * The abstract book of an edition (`GET /events/:id/abstract-book.pdf`): public from the release of
 * the edition's abstracts, with exactly the abstracts public at that moment (the one embargo rule,
 * the presenters following their titles); organisers may build a draft with every placed abstract at
 * any time. Built from the programme's rows (`ProgrammeService.rows`), so it shows what the programme
 * shows, in programme order; the PDF is laid out by `buildAbstractBook` (pdf-lib, Noto Sans SC).
 * A published book is cached in the PublicCache per edition and language until its content changes
 * or the next release, so each release is built once (per process, one build at a time per variant).
 */
@Injectable()
export class AbstractBookService {
  private readonly logger = new Logger('AbstractBook');
  /** Builds under way in this process, so simultaneous first readers share one. */
  private readonly building = new Map<string, Promise<BookResponse>>();

  constructor(
    private readonly programme: ProgrammeService,
    private readonly cache: PublicCache,
    private readonly clock: Clock,
    private readonly access: AccessService,
  ) {}

  async book(eventId: string, q: AbstractBookQueryDto, lang: Lang, user?: AuthUser): Promise<BookResponse> {
    const edition = await this.programme.visibleEdition(eventId, user);
    const now = this.clock.now();
    const filename = `${edition.slug}-abstracts-${lang}${q.draft ? '-draft' : ''}.pdf`;
    if (q.draft) {
      if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign in as an organiser of the edition to build a draft of the abstract book');
      if (!hasRole(await this.access.accessTo(user, eventId), 'owner', 'organiser')) throw forbidden('Only organisers build a draft of the abstract book');
      const { pdf } = await this.render(edition, lang, now, true);
      return { pdf, etag: etagOf(pdf), cacheControl: PRIVATE_CACHE_CONTROL, filename };
    }
    const release = edition.abstracts_release_at;
    if (release && new Date(release).getTime() > now.getTime()) {
      throw new DomainError('ABSTRACTS_NOT_RELEASED', `The abstracts of this edition are public from ${new Date(release).toISOString()}; the abstract book with them`, { releaseAt: new Date(release).toISOString() });
    }
    if (!edition.published) {
      // A draft edition's members see the book as it would be published, never cached.
      const { pdf } = await this.render(edition, lang, now, false);
      return { pdf, etag: etagOf(pdf), cacheControl: PRIVATE_CACHE_CONTROL, filename };
    }
    const key = `${eventId}:${lang}`;
    const pending = this.building.get(key);
    if (pending) return pending;
    const job = this.cache
      .getOrBuild(
        eventId,
        `abstract-book:${lang}`,
        async () => {
          const { pdf, expiresAt } = await this.render(edition, lang, now, false);
          return { body: pdf.toString('base64'), contentType: 'application/pdf', expiresAt };
        },
        now,
      )
      .then((cached) => ({ pdf: Buffer.from(cached.bodies!.identity.toString('latin1'), 'base64'), etag: cached.etag, cacheControl: publicCacheControl(cached.expiresAt, now), filename }))
      .finally(() => this.building.delete(key));
    this.building.set(key, job);
    return job;
  }

  /** The PDF, and when the next embargo lifts (a cached copy must not outlive it). */
  private async render(edition: EditionRow, lang: Lang, now: Date, draft: boolean): Promise<{ pdf: Buffer; expiresAt: Date | null }> {
    const started = Date.now();
    const rows = await this.programme.rows(edition, {}, { talks: true, talkPeople: false, now, presenters: draft ? 'all' : 'public' });
    const decisions = new Map(rows.talks.map((k) => [k.id, embargo(edition, { type: k.type, startsAt: k.starts_at }, now)]));
    const included = rows.talks.filter((k) => draft || decisions.get(k.id)!.abstract);
    const tz = edition.time_zone;
    const hm = (d: Date) => DateTime.fromJSDate(d, { zone: tz }).toFormat('HH:mm');
    const place = (s: SessionRow) => (s.room_id ? pick(s.room_name, lang) : s.channel_id ? `${ONLINE[lang]}: ${pick(s.channel_name, lang)}` : '');
    const speakersOf = new Map<string, PersonRow[]>();
    for (const p of rows.people) if (p.segment_id && p.role === 'speaker') speakersOf.set(p.segment_id, [...(speakersOf.get(p.segment_id) ?? []), p]);
    const talksOf = new Map<string, BookAbstract[]>();
    const sessionById = new Map(rows.sessions.map((s) => [s.id, s]));
    for (const k of included) {
      const s = sessionById.get(k.session_id);
      if (!s) continue;
      const label = [TYPE_LABELS[k.type]?.[lang] ?? k.type, k.presentation ? (PRESENTATION_LABELS[k.presentation]?.[lang] ?? k.presentation) : null, `${hm(k.starts_at)}–${hm(k.ends_at)}`, place(s)]
        .filter(Boolean)
        .join(' · ');
      talksOf.set(k.session_id, [
        ...(talksOf.get(k.session_id) ?? []),
        {
          id: k.id,
          label,
          title: pick(k.title, lang),
          abstract: k.abstract ? pick(k.abstract, lang) : '',
          authors: (speakersOf.get(k.segment_id) ?? []).map((p) => ({
            key: p.speaker_id,
            name: pick(p.name, lang),
            sortName: pick(p.name, lang),
            affiliation: p.affiliation ? pick(p.affiliation, lang) || null : null,
            disclosure: disclosureStatement(p.nothing_to_disclose === null ? null : { nothingToDisclose: p.nothing_to_disclose, relationships: p.relationships ?? [] }),
          })),
        },
      ]);
    }
    // Tracks in their display order (sessions without a track last), sessions in programme order.
    const tracks = new Map<string, BookTrack & { order: number; first: number }>();
    rows.sessions.forEach((s, i) => {
      const abstracts = talksOf.get(s.id);
      if (!abstracts?.length) return;
      const key = s.track_id ?? '';
      const track = tracks.get(key) ?? { title: s.track_id ? pick(s.track_name, lang) : OTHER_TRACK[lang], sessions: [], order: s.track_id ? (s.track_order ?? 0) : Infinity, first: i };
      track.sessions.push({ title: pick(s.title, lang), when: `${DateTime.fromJSDate(s.starts_at, { zone: tz }).toFormat('yyyy-MM-dd HH:mm')}–${hm(s.ends_at)}${place(s) ? ` · ${place(s)}` : ''}`, abstracts });
      tracks.set(key, track);
    });
    const L = lang === 'zh' ? { released: '摘要发布于', draft: '草稿，生成于' } : { released: 'Abstracts released', draft: 'Draft of' };
    const stamp = draft
      ? `${L.draft} ${DateTime.fromJSDate(now, { zone: tz }).toFormat('yyyy-MM-dd HH:mm')}`
      : edition.abstracts_release_at
        ? `${L.released} ${DateTime.fromJSDate(new Date(edition.abstracts_release_at), { zone: tz }).toFormat('yyyy-MM-dd')}`
        : '';
    const input: BookInput = {
      lang,
      title: pick(edition.title, lang),
      subtitle: [edition.venue, edition.city, `${edition.starts_on} – ${edition.ends_on}`].filter(Boolean).join(' · '),
      draft,
      edition: stamp,
      tracks: [...tracks.values()].sort((a, b) => a.order - b.order || a.first - b.first),
    };
    const total = included.length;
    const what = `abstract book of ${edition.slug} (${lang}${draft ? ', draft' : ''})`;
    const { pdf, layout } = await buildAbstractBook(input, total >= LOG_FROM ? (done, all) => this.logger.log(`${what}: ${done}/${all} abstracts laid out`) : undefined);
    if (total >= LOG_FROM) this.logger.log(`${what}: ${layout.pages} pages, ${pdf.length} bytes in ${Date.now() - started} ms`);
    const expiresAt = draft ? null : earliest(rows.talks.map((k) => decisions.get(k.id)!.next));
    return { pdf: Buffer.from(pdf), expiresAt };
  }
}

const etagOf = (pdf: Buffer) => `"${createHash('sha256').update(pdf).digest('base64url').slice(0, 32)}"`;
