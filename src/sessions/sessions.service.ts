import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { hasRole, type EditionAccess } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { page, type Page, type PaginationQueryDto } from '../common/pagination/pagination.js';
import { toLocalIso } from '../common/time/local-time.js';
import { DisclosuresService } from '../disclosures/disclosures.service.js';
import { EventsService } from '../events/events.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import type { EditionSpeakerResponseDto } from '../speakers/speakers.dto.js';
import { SpeakersService } from '../speakers/speakers.service.js';
import { Clock } from '../common/clock.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { TracksService } from '../tracks/tracks.service.js';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service.js';
import {
  editionWindow,
  insideEdition,
  matchSegments,
  overflowMinutes,
  overlongTalks,
  timeSegments,
  youngPhysicianSegments,
  YOUNG_PHYSICIAN_TALK_MAX_MINUTES,
  type SegmentPlan,
} from './scheduling.js';
import { SESSION_ROLES, type SessionFormat, type SessionKind, type SessionRole } from './session-vocabulary.js';
import type { CreateSessionDto, SessionResponseDto, UpdateSessionDto } from './sessions.dto.js';
import type { SessionEntity } from './session.entity.js';
import { SessionsRepository, type SessionPersonRoles, type SessionPlace, type SessionRow } from './sessions.repository.js';

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
    private readonly events: EventsService,
    private readonly tracks: TracksService,
    private readonly rooms: RoomsService,
    private readonly speakers: SpeakersService,
    private readonly access: AccessService,
    private readonly programme: ProgrammeService,
    private readonly clock: Clock,
  ) {}

  /** Whole session rows by id, for modules that show sessions they refer to (agendas). */
  byIds(ids: string[], em?: EntityManager): Promise<SessionEntity[]> {
    return this.repo.byIds(ids, em);
  }

  /** Where and how a session happens (for seats, streams, agendas and credits); null when there is none. */
  place(sessionId: string, em?: EntityManager): Promise<SessionPlace | null> {
    return this.repo.place(sessionId, em);
  }

  /**
   * The edition's speakers: everyone in its sessions, in any role, by name (public when published;
   * drafts: members), except in the slots of talks whose title is not public yet (the embargo's
   * presenter rule): someone who only presents there is listed from the release on.
   */
  async editionSpeakers(eventId: string, q: PaginationQueryDto, user?: AuthUser): Promise<Page<EditionSpeakerResponseDto>> {
    await this.access.requireVisible(user, eventId);
    const hidden = await this.programme.hiddenSlots(eventId, this.clock.now());
    return this.speakers.pageOfEdition(await this.repo.peopleOfEdition(eventId, [...hidden.segments]), q);
  }

  /** How many sessions the edition has per track, kind and format (statistics). */
  counts(eventId: string) {
    return this.repo.counts(eventId);
  }

  /** Everyone in the edition's sessions: each person's roles and how many sessions they are in. */
  peopleOfEdition(eventId: string) {
    return this.repo.peopleOfEdition(eventId);
  }

  /** Each session of the edition with each of its people and their roles there, in time order. */
  peopleBySession(eventId: string): Promise<SessionPersonRoles[]> {
    return this.repo.peopleBySession(eventId);
  }

  /** Owners and organisers: every session; a track chair: the sessions of the tracks they chair. */
  async list(eventId: string, q: PaginationQueryDto, access: EditionAccess): Promise<Page<SessionResponseDto>> {
    const tracks = hasRole(access, 'owner', 'organiser') ? null : access.trackIds;
    const [rows, n] = await this.repo.page(eventId, tracks, q.offset, q.limit);
    return page(await this.responses(eventId, rows), n, q);
  }

  async get(eventId: string, sessionId: string, access: EditionAccess): Promise<SessionResponseDto> {
    const row = await this.repo.find(eventId, sessionId);
    if (!row) throw notFound('Session');
    this.checkTrackChair(access, row.track_id, 'read');
    return (await this.responses(eventId, [row]))[0];
  }

  async create(eventId: string, dto: CreateSessionDto, actor: AuthUser, access: EditionAccess): Promise<SessionResponseDto> {
    const plan = planFromCreate(dto);
    this.checkTrackChair(access, plan.trackId);
    return this.db.transaction(async (em) => {
      await this.check(em, eventId, plan, null);
      await this.disclosures.assertDisclosed(em, eventId, { speakerIds: [...new Set(plan.people.map((p) => p.speakerId))] });
      const row = await this.repo.insert(eventId, plan, em);
      await this.writePeople(em, eventId, row.id, plan, await this.repo.insertSegments(eventId, row.id, plan.segments, em));
      const after = (await this.responses(eventId, [row], em))[0];
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'session.create', entityType: 'session', entityId: row.id, after });
      await this.webhooks.emit(em, eventId, 'session.created', { session: after });
      return after;
    });
  }

  async update(eventId: string, sessionId: string, dto: UpdateSessionDto, actor: AuthUser, access: EditionAccess): Promise<SessionResponseDto> {
    return this.db.transaction(async (em) => {
      const current = await this.repo.findForUpdate(eventId, sessionId, em);
      if (!current) throw notFound('Session');
      this.checkTrackChair(access, current.track_id);
      const before = (await this.responses(eventId, [current], em))[0];
      // Which existing segment each new one is: its placed talk and people go with it (the database re-times the talks).
      const oldIds = before.segments.map((s) => s.id);
      const matched = dto.segments ? matchSegments(oldIds, dto.segments) : { ids: oldIds, problems: [] };
      if (matched.problems.length) throw invalid(matched.problems);
      /** A person's segment in the new list (undefined: their segment is removed, and they with it). */
      const movedSegment = (position: number | null) => {
        if (!position) return null;
        const at = matched.ids.indexOf(oldIds[position - 1]);
        return at < 0 ? undefined : at + 1;
      };
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
        people:
          dto.people ??
          before.people.flatMap((p) => {
            const segment = movedSegment(p.segment);
            return segment === undefined ? [] : [{ speakerId: p.speakerId, role: p.role, segment }];
          }),
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
      const row = await this.repo.update(eventId, sessionId, plan, moved, em);
      if (dto.people) await this.repo.deletePeople(eventId, sessionId, em);
      const segmentIds = dto.segments
        ? await this.repo.syncSegments(eventId, sessionId, plan.segments.map((x, i) => ({ ...x, id: matched.ids[i] })), em)
        : oldIds;
      if (dto.people) await this.writePeople(em, eventId, sessionId, plan, segmentIds);
      else await this.repo.movePeople(eventId, sessionId, plan.startsAt, plan.endsAt, em);
      const after = (await this.responses(eventId, [row], em))[0];
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'session.update', entityType: 'session', entityId: sessionId, before, after });
      await this.webhooks.emit(em, eventId, 'session.updated', { session: after });
      return after;
    });
  }

  async remove(eventId: string, sessionId: string, actor: AuthUser, access: EditionAccess): Promise<void> {
    await this.db.transaction(async (em) => {
      const current = await this.repo.findForUpdate(eventId, sessionId, em);
      if (!current) throw notFound('Session');
      this.checkTrackChair(access, current.track_id);
      const before = (await this.responses(eventId, [current], em))[0];
      await this.repo.delete(eventId, sessionId, em);
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

    const edition = await this.events.getEntity(eventId, em);
    const refs = {
      track: !p.trackId || !(await this.tracks.unknownTracks(eventId, [p.trackId], em)).length,
      ...(await this.rooms.places(eventId, p.roomId, p.channelId, em)),
      speakers: (await this.speakers.byIds(p.people.map((x) => x.speakerId), em)).map((x) => x.id),
    };
    if (!refs.track) problems.push({ field: 'trackId', messages: ['is not a track of this edition'] });
    if (!refs.room) problems.push({ field: 'roomId', messages: ['is not a room of this edition'] });
    if (!refs.channel) problems.push({ field: 'channelId', messages: ['is not an online channel of this edition'] });
    const known = new Set(refs.speakers);
    p.people.forEach((person, i) => {
      if (!known.has(person.speakerId)) problems.push({ field: `people.${i}.speakerId`, messages: ['no such speaker profile'] });
    });
    if (problems.length) throw invalid(problems);

    const e = { starts_on: edition.startsOn, ends_on: edition.endsOn, time_zone: edition.timeZone };
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

    const busy = await this.repo.findOverlapping(eventId, sessionId, p.startsAt, p.endsAt, p.roomId, p.channelId, em);
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
      const booked = await this.repo.findDoubleBookings(eventId, [...known], sessionId, p.startsAt, p.endsAt, em);
      const names = new Map((await this.speakers.byIds(booked.map((b) => b.speaker_id), em)).map((x) => [x.id, x.name]));
      if (booked.length) {
        throw new DomainError('SPEAKER_DOUBLE_BOOKED', 'A person is in another session at an overlapping time', booked.map((b) => ({
          speakerId: b.speaker_id,
          name: names.get(b.speaker_id),
          role: b.role,
          sessionId: b.session_id,
          title: b.title,
          startsAt: toLocalIso(b.starts_at, e.time_zone),
          endsAt: toLocalIso(b.ends_at, e.time_zone),
        })));
      }
    }
  }

  /** The people of a session in one statement (`segmentIds`: the session's segments by position). */
  private async writePeople(em: EntityManager, eventId: string, sessionId: string, p: SessionPlan, segmentIds: string[]) {
    const seen = new Set<string>();
    const people = p.people.filter((x) => {
      const key = `${x.speakerId}|${x.role}|${x.segment ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    await this.repo.insertPeople(
      eventId,
      sessionId,
      people.map((x) => ({ speakerId: x.speakerId, role: x.role, segmentId: x.segment ? segmentIds[x.segment - 1] : null })),
      p.startsAt,
      p.endsAt,
      em,
    );
  }

  /** Full responses for a set of session rows: a fixed number of statements, whatever their number. */
  private async responses(eventId: string, rows: SessionRow[], em?: EntityManager): Promise<SessionResponseDto[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const { timeZone: tz } = await this.events.getEntity(eventId, em);
    const segments = await this.repo.segmentsOf(eventId, ids, em);
    const people = await this.repo.peopleOf(eventId, ids, em);
    const names = new Map((await this.speakers.byIds(people.map((p) => p.speaker_id), em)).map((x) => [x.id, x.name]));
    const nameOf = (id: string) => names.get(id) ?? {};
    // Chairs first, then moderators, speakers …; within a role by segment (none first), then by name.
    people.sort(
      (a, b) =>
        SESSION_ROLES.indexOf(a.role) - SESSION_ROLES.indexOf(b.role) ||
        (a.position ?? 0) - (b.position ?? 0) ||
        (nameOf(a.speaker_id).en ?? '\uffff').localeCompare(nameOf(b.speaker_id).en ?? '\uffff'),
    );
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
        people: people.filter((p) => p.session_id === r.id).map((p) => ({ speakerId: p.speaker_id, name: nameOf(p.speaker_id), role: p.role, segment: p.position })),
      };
    });
  }
}

/** The plan of a new session; a template expands into its segments (and its length, if endsAt is absent). */
export function planFromCreate(dto: CreateSessionDto): SessionPlan {
  const named = (dto.segments ?? []).flatMap((s, i) => (s.id ? [{ field: `segments.${i}.id`, messages: ['is only given when changing a session'] }] : []));
  if (named.length) throw invalid(named);
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
