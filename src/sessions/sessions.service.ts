import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hasRole, type EditionAccess } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { page, type Page, type PaginationQueryDto } from '../common/pagination/pagination.js';
import { toLocalIso } from '../common/time/local-time.js';
import { DisclosuresService } from '../disclosures/disclosures.service.js';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service.js';
import {
  editionWindow,
  insideEdition,
  overflowMinutes,
  overlongTalks,
  timeSegments,
  youngPhysicianSegments,
  YOUNG_PHYSICIAN_TALK_MAX_MINUTES,
  type SegmentPlan,
} from './scheduling.js';
import type { SessionRole, SessionFormat, SessionKind } from './session-vocabulary.js';
import type { CreateSessionDto, SessionResponseDto, UpdateSessionDto } from './sessions.dto.js';
import type { SessionEntity } from './session.entity.js';
import { SessionsRepository, type SessionPlace } from './sessions.repository.js';

export type { SessionPlace };

/** A session as the service checks and writes it. */
export interface SessionPlan {
  kind: SessionKind;
  format: SessionFormat;
  title: LocalizedText;
  description: LocalizedText | null;
  trackId: string | null;
  roomId: string | null;
  channelId: string | null;
  startsAt: Date;
  endsAt: Date;
  segments: SegmentPlan[];
  /** `segment`: 1-based position in `segments`. */
  people: { speakerId: string; role: SessionRole; segment?: number | null }[];
}

interface Edition {
  starts_on: string;
  ends_on: string;
  time_zone: string;
}

type Problem = { field: string; messages: string[] };
const invalid = (problems: Problem[]) =>
  new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; '), problems);

/** Format and place: in person needs a room, online a channel, hybrid both. */
export function checkFormat(p: Pick<SessionPlan, 'format' | 'roomId' | 'channelId'>): Problem[] {
  const problems: Problem[] = [];
  const needsRoom = p.format !== 'online';
  const needsChannel = p.format !== 'in_person';
  if (needsRoom && !p.roomId) problems.push({ field: 'roomId', messages: [`a ${p.format} session needs a room`] });
  if (!needsRoom && p.roomId) problems.push({ field: 'roomId', messages: ['an online session has no room'] });
  if (needsChannel && !p.channelId) problems.push({ field: 'channelId', messages: [`a ${p.format} session needs an online channel`] });
  if (!needsChannel && p.channelId) problems.push({ field: 'channelId', messages: ['an in-person session has no channel'] });
  return problems;
}

const SESSION_COLUMNS = `id, event_id, track_id, kind, format, title, description, starts_at, ends_at, room_id, channel_id, sequence`;

interface SessionRow {
  id: string;
  event_id: string;
  track_id: string | null;
  kind: SessionKind;
  format: SessionFormat;
  title: LocalizedText;
  description: LocalizedText | null;
  starts_at: Date;
  ends_at: Date;
  room_id: string | null;
  channel_id: string | null;
  sequence: number;
}

/**
 * Sessions of an edition with their segments and people. Every clash is checked here first, with
 * a clear code and details; the exclusion constraints catch what a concurrent request slips past
 * (see session-constraints.ts), so the answer is the same 409 either way.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookOutboxService,
    private readonly disclosures: DisclosuresService,
    private readonly repo: SessionsRepository,
  ) {}

  /** Whole session rows by id, for modules that show sessions they refer to (agendas). */
  byIds(ids: string[], em?: EntityManager): Promise<SessionEntity[]> {
    return this.repo.byIds(ids, em);
  }

  /** Where and how a session happens (for seats, streams, agendas and credits); null when there is none. */
  place(sessionId: string, em?: EntityManager): Promise<SessionPlace | null> {
    return this.repo.place(sessionId, em);
  }

  /** Owners and organisers: every session; a track chair: the sessions of the tracks they chair. */
  async list(eventId: string, q: PaginationQueryDto, access: EditionAccess): Promise<Page<SessionResponseDto>> {
    const tracks = hasRole(access, 'owner', 'organiser') ? null : access.trackIds;
    const scope = `event_id = $1 AND ($2::uuid[] IS NULL OR track_id = ANY($2::uuid[]))`;
    const [rows, [{ n }]]: [SessionRow[], { n: number }[]] = await Promise.all([
      this.db.query(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE ${scope} ORDER BY starts_at, id LIMIT $3 OFFSET $4`, [eventId, tracks, q.limit, q.offset]),
      this.db.query(`SELECT count(*)::int AS n FROM sessions WHERE ${scope}`, [eventId, tracks]),
    ]);
    return page(await this.responses(this.db.manager, eventId, rows), n, q);
  }

  async get(eventId: string, sessionId: string, access: EditionAccess): Promise<SessionResponseDto> {
    const rows: SessionRow[] = await this.db.query(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE event_id = $1 AND id = $2`, [eventId, sessionId]);
    if (!rows.length) throw notFound('Session');
    this.checkTrackChair(access, rows[0].track_id, 'read');
    return (await this.responses(this.db.manager, eventId, rows))[0];
  }

  async create(eventId: string, dto: CreateSessionDto, actor: AuthUser, access: EditionAccess): Promise<SessionResponseDto> {
    const plan = planFromCreate(dto);
    this.checkTrackChair(access, plan.trackId);
    return this.db.transaction(async (em) => {
      await this.check(em, eventId, plan, null);
      await this.disclosures.assertDisclosed(em, eventId, { speakerIds: [...new Set(plan.people.map((p) => p.speakerId))] });
      const [row]: SessionRow[] = await em.query(
        `INSERT INTO sessions (event_id, track_id, kind, format, title, description, starts_at, ends_at, room_id, channel_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${SESSION_COLUMNS}`,
        [eventId, plan.trackId, plan.kind, plan.format, plan.title, plan.description, plan.startsAt, plan.endsAt, plan.roomId, plan.channelId],
      );
      await this.writeParts(em, eventId, row.id, plan);
      const after = (await this.responses(em, eventId, [row]))[0];
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'session.create', entityType: 'session', entityId: row.id, after });
      await this.webhooks.emit(em, eventId, 'session.created', { session: after });
      return after;
    });
  }

  async update(eventId: string, sessionId: string, dto: UpdateSessionDto, actor: AuthUser, access: EditionAccess): Promise<SessionResponseDto> {
    return this.db.transaction(async (em) => {
      const rows: SessionRow[] = await em.query(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE event_id = $1 AND id = $2 FOR UPDATE`, [eventId, sessionId]);
      if (!rows.length) throw notFound('Session');
      const current = rows[0];
      this.checkTrackChair(access, current.track_id);
      const before = (await this.responses(em, eventId, [current]))[0];
      const plan: SessionPlan = {
        kind: dto.kind ?? current.kind,
        format: dto.format ?? current.format,
        title: dto.title ?? current.title,
        description: dto.description === undefined ? current.description : dto.description,
        trackId: dto.trackId === undefined ? current.track_id : dto.trackId,
        roomId: dto.roomId === undefined ? current.room_id : dto.roomId,
        channelId: dto.channelId === undefined ? current.channel_id : dto.channelId,
        startsAt: dto.startsAt ? new Date(dto.startsAt) : current.starts_at,
        endsAt: dto.endsAt ? new Date(dto.endsAt) : current.ends_at,
        segments: dto.segments ?? before.segments.map((s) => ({ kind: s.kind, title: s.title, durationMinutes: s.durationMinutes })),
        people: dto.people ?? before.people.map((p) => ({ speakerId: p.speakerId, role: p.role, segment: p.segment })),
      };
      // A track chair cannot move a session out of their tracks.
      if (plan.trackId !== current.track_id) this.checkTrackChair(access, plan.trackId);
      // Dropping the format's place: clear what the new format does not take, unless given.
      if (dto.format && dto.roomId === undefined && plan.format === 'online') plan.roomId = null;
      if (dto.format && dto.channelId === undefined && plan.format === 'in_person') plan.channelId = null;
      await this.check(em, eventId, plan, sessionId);
      // Under the edition's block policy, people added to the session need a current disclosure.
      const already = new Set(before.people.map((x) => x.speakerId));
      await this.disclosures.assertDisclosed(em, eventId, { speakerIds: [...new Set(plan.people.map((x) => x.speakerId))].filter((id) => !already.has(id)) });

      const moved =
        plan.startsAt.getTime() !== current.starts_at.getTime() ||
        plan.endsAt.getTime() !== current.ends_at.getTime() ||
        plan.roomId !== current.room_id ||
        plan.channelId !== current.channel_id;
      const [[row]]: [SessionRow[], number] = await em.query(
        `UPDATE sessions SET track_id = $3, kind = $4, format = $5, title = $6, description = $7, starts_at = $8, ends_at = $9,
                room_id = $10, channel_id = $11, sequence = sequence + $12, updated_at = now()
          WHERE event_id = $1 AND id = $2 RETURNING ${SESSION_COLUMNS}`,
        [eventId, sessionId, plan.trackId, plan.kind, plan.format, plan.title, plan.description, plan.startsAt, plan.endsAt, plan.roomId, plan.channelId, moved ? 1 : 0],
      );
      if (dto.segments || dto.people) {
        await em.query(`DELETE FROM session_people WHERE event_id = $1 AND session_id = $2`, [eventId, sessionId]);
        await em.query(`DELETE FROM session_segments WHERE event_id = $1 AND session_id = $2`, [eventId, sessionId]);
        await this.writeParts(em, eventId, sessionId, plan);
      } else {
        // The people's times copy the session's, so that the exclusion constraint sees the move.
        await em.query(`UPDATE session_people SET starts_at = $3, ends_at = $4 WHERE event_id = $1 AND session_id = $2`, [eventId, sessionId, plan.startsAt, plan.endsAt]);
      }
      const after = (await this.responses(em, eventId, [row]))[0];
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'session.update', entityType: 'session', entityId: sessionId, before, after });
      await this.webhooks.emit(em, eventId, 'session.updated', { session: after });
      return after;
    });
  }

  async remove(eventId: string, sessionId: string, actor: AuthUser, access: EditionAccess): Promise<void> {
    await this.db.transaction(async (em) => {
      const rows: SessionRow[] = await em.query(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE event_id = $1 AND id = $2 FOR UPDATE`, [eventId, sessionId]);
      if (!rows.length) throw notFound('Session');
      this.checkTrackChair(access, rows[0].track_id);
      const before = (await this.responses(em, eventId, rows))[0];
      await em.query(`DELETE FROM sessions WHERE event_id = $1 AND id = $2`, [eventId, sessionId]);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'session.delete', entityType: 'session', entityId: sessionId, before });
      await this.webhooks.emit(em, eventId, 'session.deleted', { session: { id: sessionId, title: before.title } });
    });
  }

  /** Owners and organisers: any session. A track chair: only sessions of the tracks they chair. */
  private checkTrackChair(access: EditionAccess, trackId: string | null, verb: 'read' | 'change' = 'change') {
    if (hasRole(access, 'owner', 'organiser')) return;
    if (!trackId || !access.trackIds.includes(trackId)) {
      throw forbidden(trackId || verb === 'read' ? `A track chair may only ${verb} sessions of the tracks they chair` : 'A track chair may only change sessions of a track they chair (give trackId)');
    }
  }

  /** Every rule, in the order a client can best act on: input, edition, slots, then clashes. */
  private async check(em: EntityManager, eventId: string, p: SessionPlan, sessionId: string | null) {
    const problems = checkFormat(p);
    if (p.endsAt <= p.startsAt) problems.push({ field: 'endsAt', messages: ['endsAt must be after startsAt'] });
    p.people.forEach((person, i) => {
      if (person.segment && person.segment > p.segments.length) problems.push({ field: `people.${i}.segment`, messages: [`there is no segment ${person.segment}`] });
    });
    if (problems.length) throw invalid(problems);

    const [refs]: { edition: Edition | null; track: boolean; room: boolean; channel: boolean; speakers: string[] }[] = await em.query(
      `SELECT (SELECT row_to_json(e) FROM (SELECT starts_on, ends_on, time_zone FROM events WHERE id = $1) e) AS edition,
              ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM tracks WHERE event_id = $1 AND id = $2)) AS track,
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM rooms WHERE event_id = $1 AND id = $3 AND kind = 'room')) AS room,
              ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM rooms WHERE event_id = $1 AND id = $4 AND kind = 'channel')) AS channel,
              ARRAY(SELECT id FROM speakers WHERE id = ANY ($5::uuid[]))::text[] AS speakers`,
      [eventId, p.trackId, p.roomId, p.channelId, [...new Set(p.people.map((x) => x.speakerId))]],
    );
    if (!refs.edition) throw notFound('Edition');
    if (!refs.track) problems.push({ field: 'trackId', messages: ['is not a track of this edition'] });
    if (!refs.room) problems.push({ field: 'roomId', messages: ['is not a room of this edition'] });
    if (!refs.channel) problems.push({ field: 'channelId', messages: ['is not an online channel of this edition'] });
    const known = new Set(refs.speakers);
    p.people.forEach((person, i) => {
      if (!known.has(person.speakerId)) problems.push({ field: `people.${i}.speakerId`, messages: ['no such speaker profile'] });
    });
    if (problems.length) throw invalid(problems);

    const e = refs.edition;
    if (!insideEdition(p.startsAt, p.endsAt, editionWindow(e.starts_on, e.ends_on, e.time_zone))) {
      throw new DomainError('OUTSIDE_EDITION', `The session must lie within the edition's days, ${e.starts_on} to ${e.ends_on} (${e.time_zone})`, {
        startsOn: e.starts_on,
        endsOn: e.ends_on,
        timeZone: e.time_zone,
        startsAt: toLocalIso(p.startsAt, e.time_zone),
        endsAt: toLocalIso(p.endsAt, e.time_zone),
      });
    }
    const long = overlongTalks(p.kind, p.segments);
    if (long.length) {
      throw new DomainError('SLOT_DURATION', `A talk in a young-physician session lasts at most ${YOUNG_PHYSICIAN_TALK_MAX_MINUTES} minutes`, {
        maxMinutes: YOUNG_PHYSICIAN_TALK_MAX_MINUTES,
        segments: long,
      });
    }
    const over = overflowMinutes(p.startsAt, p.endsAt, p.segments);
    if (over > 0) {
      const total = p.segments.reduce((s, x) => s + x.durationMinutes, 0);
      throw new DomainError('SLOT_OVERFLOW', `The segments last ${total} minutes, ${over} more than the session`, {
        segmentsMinutes: total,
        sessionMinutes: total - over,
        overflowMinutes: over,
      });
    }

    const busy: { id: string; title: LocalizedText; starts_at: Date; ends_at: Date; room_id: string | null; channel_id: string | null }[] = await em.query(
      `SELECT id, title, starts_at, ends_at, room_id, channel_id FROM sessions
        WHERE event_id = $1 AND ($2::uuid IS NULL OR id <> $2) AND tstzrange(starts_at, ends_at) && tstzrange($3, $4)
          AND (room_id = $5 OR channel_id = $6)
        ORDER BY starts_at LIMIT 10`,
      [eventId, sessionId, p.startsAt, p.endsAt, p.roomId, p.channelId],
    );
    if (busy.length) {
      const inRoom = busy.some((b) => p.roomId && b.room_id === p.roomId);
      throw new DomainError(
        'ROOM_OCCUPIED',
        inRoom ? 'The room holds another session at an overlapping time' : 'The online channel carries another session at an overlapping time',
        busy.map((b) => ({
          sessionId: b.id,
          title: b.title,
          startsAt: toLocalIso(b.starts_at, e.time_zone),
          endsAt: toLocalIso(b.ends_at, e.time_zone),
          ...(p.roomId && b.room_id === p.roomId ? { roomId: b.room_id } : {}),
          ...(p.channelId && b.channel_id === p.channelId ? { channelId: b.channel_id } : {}),
        })),
      );
    }

    if (p.people.length) {
      const booked: { speaker_id: string; name: LocalizedText; role: string; session_id: string; title: LocalizedText; starts_at: Date; ends_at: Date }[] = await em.query(
        `SELECT sp.speaker_id, sp2.name, sp.role, s.id AS session_id, s.title, s.starts_at, s.ends_at
           FROM session_people sp
           JOIN sessions s ON s.event_id = sp.event_id AND s.id = sp.session_id
           JOIN speakers sp2 ON sp2.id = sp.speaker_id
          WHERE sp.event_id = $1 AND sp.speaker_id = ANY ($2::uuid[]) AND ($3::uuid IS NULL OR sp.session_id <> $3)
            AND tstzrange(sp.starts_at, sp.ends_at) && tstzrange($4, $5)
          ORDER BY s.starts_at LIMIT 20`,
        [eventId, [...known], sessionId, p.startsAt, p.endsAt],
      );
      if (booked.length) {
        throw new DomainError('SPEAKER_DOUBLE_BOOKED', 'A person is in another session at an overlapping time', booked.map((b) => ({
          speakerId: b.speaker_id,
          name: b.name,
          role: b.role,
          sessionId: b.session_id,
          title: b.title,
          startsAt: toLocalIso(b.starts_at, e.time_zone),
          endsAt: toLocalIso(b.ends_at, e.time_zone),
        })));
      }
    }
  }

  /** Segments and people of a session, each list in one statement. */
  private async writeParts(em: EntityManager, eventId: string, sessionId: string, p: SessionPlan) {
    let segmentIds: string[] = [];
    if (p.segments.length) {
      const rows: { id: string; position: number }[] = await em.query(
        `INSERT INTO session_segments (event_id, session_id, position, kind, title, duration_minutes)
         SELECT $1, $2, s.position, s.kind, s.title, s.duration
           FROM unnest($3::int[], $4::text[], $5::jsonb[], $6::int[]) AS s(position, kind, title, duration)
         RETURNING id, position`,
        [eventId, sessionId, p.segments.map((_, i) => i + 1), p.segments.map((s) => s.kind), p.segments.map((s) => (s.title ? JSON.stringify(s.title) : null)), p.segments.map((s) => s.durationMinutes)],
      );
      segmentIds = rows.sort((a, b) => a.position - b.position).map((r) => r.id);
    }
    const seen = new Set<string>();
    const people = p.people.filter((x) => {
      const key = `${x.speakerId}|${x.role}|${x.segment ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (people.length) {
      await em.query(
        `INSERT INTO session_people (event_id, session_id, speaker_id, role, segment_id, starts_at, ends_at)
         SELECT $1, $2, x.speaker_id, x.role, x.segment_id, $6, $7
           FROM unnest($3::uuid[], $4::text[], $5::uuid[]) AS x(speaker_id, role, segment_id)`,
        [eventId, sessionId, people.map((x) => x.speakerId), people.map((x) => x.role), people.map((x) => (x.segment ? segmentIds[x.segment - 1] : null)), p.startsAt, p.endsAt],
      );
    }
  }

  /** Full responses for a set of session rows: two more queries, whatever their number. */
  private async responses(em: EntityManager, eventId: string, rows: SessionRow[]): Promise<SessionResponseDto[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [[{ time_zone: tz }], segments, people]: [
      { time_zone: string }[],
      { id: string; session_id: string; position: number; kind: SegmentPlan['kind']; title: LocalizedText | null; duration_minutes: number }[],
      { session_id: string; speaker_id: string; name: LocalizedText; role: SessionRole; position: number | null }[],
    ] = [
      await em.query(`SELECT time_zone FROM events WHERE id = $1`, [eventId]),
      await em.query(
        `SELECT id, session_id, position, kind, title, duration_minutes FROM session_segments WHERE event_id = $1 AND session_id = ANY ($2::uuid[]) ORDER BY session_id, position`,
        [eventId, ids],
      ),
      await em.query(
        `SELECT p.session_id, p.speaker_id, s.name, p.role, g.position
           FROM session_people p JOIN speakers s ON s.id = p.speaker_id
           LEFT JOIN session_segments g ON g.event_id = p.event_id AND g.id = p.segment_id
          WHERE p.event_id = $1 AND p.session_id = ANY ($2::uuid[])
          ORDER BY p.session_id, array_position(ARRAY['chair','moderator','speaker','commentator','panelist'], p.role), g.position NULLS FIRST, s.name->>'en'`,
        [eventId, ids],
      ),
    ];
    return rows.map((r) => {
      const timed = timeSegments(
        r.starts_at,
        segments.filter((s) => s.session_id === r.id).map((s) => ({ kind: s.kind, title: s.title, durationMinutes: s.duration_minutes })),
      );
      const segIds = segments.filter((s) => s.session_id === r.id).map((s) => s.id);
      return {
        id: r.id,
        eventId: r.event_id,
        kind: r.kind,
        format: r.format,
        title: r.title,
        description: r.description,
        trackId: r.track_id,
        roomId: r.room_id,
        channelId: r.channel_id,
        startsAt: toLocalIso(r.starts_at, tz)!,
        endsAt: toLocalIso(r.ends_at, tz)!,
        sequence: r.sequence,
        segments: timed.map((s, i) => ({
          id: segIds[i],
          position: s.position,
          kind: s.kind,
          title: s.title ?? null,
          durationMinutes: s.durationMinutes,
          startsAt: toLocalIso(s.startsAt, tz)!,
          endsAt: toLocalIso(s.endsAt, tz)!,
        })),
        people: people.filter((p) => p.session_id === r.id).map((p) => ({ speakerId: p.speaker_id, name: p.name, role: p.role, segment: p.position })),
      };
    });
  }
}

/** The plan of a new session; a template expands into its segments (and its length, if endsAt is absent). */
export function planFromCreate(dto: CreateSessionDto): SessionPlan {
  let segments: SegmentPlan[] = dto.segments ?? [];
  if (dto.template === 'young_physician') {
    if (dto.segments?.length) throw invalid([{ field: 'segments', messages: ['give either a template or segments'] }]);
    segments = youngPhysicianSegments({
      talks: dto.talks!,
      talkMinutes: dto.talkMinutes ?? YOUNG_PHYSICIAN_TALK_MAX_MINUTES,
      commentaryMinutes: dto.commentaryMinutes ?? 3,
      discussionMinutes: dto.discussionMinutes ?? 2,
    });
  }
  const startsAt = new Date(dto.startsAt);
  const endsAt = dto.endsAt ? new Date(dto.endsAt) : new Date(startsAt.getTime() + segments.reduce((s, x) => s + x.durationMinutes, 0) * 60_000);
  return {
    kind: dto.kind ?? 'young_physician',
    format: dto.format,
    title: dto.title,
    description: dto.description ?? null,
    trackId: dto.trackId ?? null,
    roomId: dto.roomId ?? null,
    channelId: dto.channelId ?? null,
    startsAt,
    endsAt,
    segments,
    people: dto.people ?? [],
  };
}
