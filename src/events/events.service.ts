import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { page, type Page } from '../common/pagination/pagination.js';
import { toLocalIso } from '../common/time/local-time.js';
import { TracksService } from '../tracks/tracks.service.js';
import { UsersService } from '../users/users.service.js';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service.js';
import type { AddMemberDto, CreateEventDto, EventResponseDto, ListEventsQueryDto, MemberResponseDto, UpdateEventDto } from './events.dto.js';
import { toEventResponse, toMemberResponse } from './events.mapper.js';
import type { EventRole } from '../access/event-role.js';
import type { EventEntity } from './event.entity.js';
import { EventsRepository } from './events.repository.js';

type EventFields = Omit<CreateEventDto, (typeof INSTANT_FIELDS)[number]> & {
  cfpOpensAt?: string | Date | null;
  cfpClosesAt?: string | Date | null;
  registrationOpensAt?: string | Date | null;
  registrationClosesAt?: string | Date | null;
};

const INSTANT_FIELDS = [
  'cfpOpensAt',
  'cfpClosesAt',
  'registrationOpensAt',
  'registrationClosesAt',
  'titlesReleaseAt',
  'abstractsReleaseAt',
  'cmeClaimsCloseAt',
] as const;

const toDate = (v: string | Date | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

/** Rules that span fields: end after start, windows that close after they open. */
export function checkEditionFields(f: Partial<EventFields>) {
  const problems: { field: string; messages: string[] }[] = [];
  if (f.startsOn && f.endsOn && f.endsOn < f.startsOn) problems.push({ field: 'endsOn', messages: ['endsOn must not be before startsOn'] });
  const windows = [
    ['cfpOpensAt', 'cfpClosesAt'],
    ['registrationOpensAt', 'registrationClosesAt'],
  ] as const;
  for (const [open, close] of windows) {
    const a = toDate(f[open]);
    const b = toDate(f[close]);
    if (a && b && b <= a) problems.push({ field: close, messages: [`${close} must be after ${open}`] });
  }
  if (problems.length) {
    throw new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; '), problems);
  }
}

@Injectable()
export class EventsService {
  constructor(
    private readonly repo: EventsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookOutboxService,
    private readonly tracks: TracksService,
  ) {}

  async create(dto: CreateEventDto, creator: AuthUser): Promise<EventResponseDto> {
    checkEditionFields(dto);
    return this.db.transaction(async (em) => {
      if (await this.repo.slugTaken(dto.slug, em)) throw slugTaken();
      const event = await this.repo.insert(this.columns(dto), em);
      await this.access.grant(event.id, creator.id, 'owner', [], em);
      return toEventResponse(event);
    });
  }

  async update(eventId: string, dto: UpdateEventDto, actor: AuthUser): Promise<EventResponseDto> {
    return this.db.transaction(async (em) => {
      const event = await this.repo.findByIdForUpdate(eventId, em);
      if (!event) throw notFound('Edition');
      checkEditionFields({ ...event, ...dto } as Partial<EventFields>);
      if (dto.slug && dto.slug !== event.slug && (await this.repo.slugTaken(dto.slug, em))) throw slugTaken();
      await this.checkDaysHoldSessions(event, dto, em);
      const before = toEventResponse(event);
      Object.assign(event, this.columns(dto));
      const after = toEventResponse(await this.repo.save(event, em));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'event.update', entityType: 'event', entityId: eventId, before, after });
      return after;
    });
  }

  async publish(eventId: string, actor: AuthUser): Promise<EventResponseDto> {
    return this.db.transaction(async (em) => {
      const published = await this.repo.publish(eventId, em);
      const found = await this.repo.findById(eventId, em);
      if (!found) throw notFound('Edition');
      const event = toEventResponse(found);
      if (published) {
        await this.audit.record(em, { eventId, actorId: actor.id, action: 'event.publish', entityType: 'event', entityId: eventId, after: { status: 'published' } });
        await this.webhooks.emit(em, eventId, 'programme.published', { event });
      }
      return event;
    });
  }

  async list(q: ListEventsQueryDto, user?: AuthUser): Promise<Page<EventResponseDto>> {
    const drafts = await this.access.visibleDrafts(user);
    const [rows, total] = await this.repo.page({ drafts, slug: q.slug, offset: q.offset, limit: q.limit });
    return page(rows.map((e) => toEventResponse(e)), total, q);
  }

  /** Published editions are public; drafts only for their members and admins (others: 404). */
  async get(eventId: string, user?: AuthUser): Promise<EventResponseDto> {
    await this.access.requireVisible(user, eventId);
    return toEventResponse(await this.getEntity(eventId));
  }

  /** The edition's row, for the modules that decide on its days, windows and settings; NOT_FOUND when there is none. */
  async getEntity(eventId: string, em?: EntityManager): Promise<EventEntity> {
    const event = await this.repo.findById(eventId, em);
    if (!event) throw notFound('Edition');
    return event;
  }

  /** The edition's row locked for the caller's transaction (its days and windows cannot change meanwhile). */
  async lockEntity(eventId: string, em: EntityManager): Promise<EventEntity> {
    const event = await this.repo.findByIdForUpdate(eventId, em);
    if (!event) throw notFound('Edition');
    return event;
  }

  findEntities(eventIds: string[]): Promise<EventEntity[]> {
    return this.repo.findByIds(eventIds);
  }

  async listMembers(eventId: string): Promise<MemberResponseDto[]> {
    const members = await this.access.members(eventId);
    const users = new Map((await this.users.findByIds(members.map((m) => m.userId))).map((u) => [u.id, u]));
    return members.flatMap((m) => (users.has(m.userId) ? [toMemberResponse(m, users.get(m.userId)!)] : []));
  }

  async addMember(eventId: string, dto: AddMemberDto, actor: AuthUser): Promise<MemberResponseDto> {
    const user = dto.userId ? await this.users.findById(dto.userId) : await this.users.findByEmail(dto.email!);
    if (!user) throw notFound('User');
    const trackIds = dto.role === 'track_chair' ? [...new Set(dto.trackIds ?? [])] : [];
    if (dto.role !== 'track_chair' && dto.trackIds?.length) {
      throw new DomainError('VALIDATION_FAILED', 'trackIds: only track chairs chair tracks', [{ field: 'trackIds', messages: ['only for role track_chair'] }]);
    }
    const unknown = await this.tracks.unknownTracks(eventId, trackIds);
    if (unknown.length) {
      throw new DomainError('VALIDATION_FAILED', `trackIds: not tracks of this edition: ${unknown.join(', ')}`, [
        { field: 'trackIds', messages: [`not tracks of this edition: ${unknown.join(', ')}`] },
      ]);
    }
    return this.db.transaction(async (em) => {
      const member = toMemberResponse(await this.access.grant(eventId, user.id, dto.role, trackIds, em), user);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'member.grant', entityType: 'user', entityId: user.id, after: member });
      return member;
    });
  }

  async removeMember(eventId: string, userId: string, role: EventRole | undefined, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const removed = await this.access.revoke(eventId, userId, role, em);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'member.withdraw', entityType: 'user', entityId: userId, before: { roles: removed } });
    });
  }

  /**
   * New days or a new time zone must still hold every session of the edition (the row is locked, so
   * sessions written meanwhile wait; the trigger `events_days_hold_sessions` is the backstop).
   */
  private async checkDaysHoldSessions(event: EventEntity, dto: UpdateEventDto, em: EntityManager) {
    const days = { startsOn: dto.startsOn ?? event.startsOn, endsOn: dto.endsOn ?? event.endsOn, timeZone: dto.timeZone ?? event.timeZone };
    if (days.startsOn === event.startsOn && days.endsOn === event.endsOn && days.timeZone === event.timeZone) return;
    const outside = await this.repo.sessionsOutsideDays(event.id, days.startsOn, days.endsOn, days.timeZone, em);
    if (!outside.length) return;
    throw new DomainError(
      'SESSIONS_OUTSIDE_EDITION',
      `${outside.length === 50 ? 'At least 50' : outside.length} session(s) would lie outside ${days.startsOn} to ${days.endsOn} (${days.timeZone}): move or delete them first`,
      {
        ...days,
        sessions: outside.map((s) => ({ sessionId: s.id, title: s.title, startsAt: toLocalIso(s.startsAt, days.timeZone), endsAt: toLocalIso(s.endsAt, days.timeZone) })),
      },
    );
  }

  private columns(dto: Partial<CreateEventDto>): Partial<EventEntity> {
    const out: Partial<EventEntity> = { ...dto } as Partial<EventEntity>;
    for (const key of INSTANT_FIELDS) {
      if (dto[key] !== undefined) (out as Record<string, Date | null>)[key] = toDate(dto[key])!;
    }
    return out;
  }
}


const slugTaken = () => new DomainError('SLUG_TAKEN', 'An edition with this slug already exists', [{ field: 'slug', messages: ['is taken'] }]);
