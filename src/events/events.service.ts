import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { registerConstraintCode } from '../common/errors/to-error-response.js';
import { page, type Page } from '../common/pagination/pagination.js';
import { TracksService } from '../tracks/tracks.service.js';
import { UsersService } from '../users/users.service.js';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service.js';
import type { AddMemberDto, CreateEventDto, EventResponseDto, ListEventsQueryDto, MemberResponseDto, UpdateEventDto } from './events.dto.js';
import { toEventResponse, toMemberResponse } from './events.mapper.js';
import { EventMemberEntity, type EventRole } from './event-member.entity.js';
import { EventEntity } from './event.entity.js';

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
    @InjectRepository(EventEntity) private readonly events: Repository<EventEntity>,
    @InjectRepository(EventMemberEntity) private readonly members: Repository<EventMemberEntity>,
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
      const taken = await em.exists(EventEntity, { where: { slug: dto.slug } });
      if (taken) throw slugTaken();
      const event = await em.save(em.create(EventEntity, this.columns(dto)));
      await em.save(em.create(EventMemberEntity, { eventId: event.id, userId: creator.id, role: 'owner', trackIds: [] }));
      return toEventResponse(event);
    });
  }

  async update(eventId: string, dto: UpdateEventDto, actor: AuthUser): Promise<EventResponseDto> {
    return this.db.transaction(async (em) => {
      const event = await em.findOne(EventEntity, { where: { id: eventId }, lock: { mode: 'pessimistic_write' } });
      if (!event) throw notFound('Edition');
      checkEditionFields({ ...event, ...dto } as Partial<EventFields>);
      if (dto.slug && dto.slug !== event.slug && (await em.exists(EventEntity, { where: { slug: dto.slug } }))) throw slugTaken();
      const before = toEventResponse(event);
      Object.assign(event, this.columns(dto));
      const after = toEventResponse(await em.save(event));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'event.update', entityType: 'event', entityId: eventId, before, after });
      return after;
    });
  }

  async publish(eventId: string, actor: AuthUser): Promise<EventResponseDto> {
    return this.db.transaction(async (em) => {
      // TypeORM answers UPDATE/DELETE … RETURNING with [rows, count].
      const [published]: [unknown[], number] = await em.query(
        `UPDATE events SET published_at = now(), updated_at = now() WHERE id = $1 AND published_at IS NULL RETURNING id`,
        [eventId],
      );
      const event = toEventResponse((await em.findOne(EventEntity, { where: { id: eventId } }))!);
      if (published.length) {
        await this.audit.record(em, { eventId, actorId: actor.id, action: 'event.publish', entityType: 'event', entityId: eventId, after: { status: 'published' } });
        await this.webhooks.emit(em, eventId, 'programme.published', { event });
      }
      return event;
    });
  }

  async list(q: ListEventsQueryDto, user?: AuthUser): Promise<Page<EventResponseDto>> {
    const qb = this.events.createQueryBuilder('e');
    if (!user?.isAdmin) {
      qb.where(
        user
          ? '(e.published_at IS NOT NULL OR EXISTS (SELECT 1 FROM event_members m WHERE m.event_id = e.id AND m.user_id = :uid))'
          : 'e.published_at IS NOT NULL',
        { uid: user?.id },
      );
    }
    if (q.slug) qb.andWhere('e.slug = :slug', { slug: q.slug });
    const [rows, total] = await qb.orderBy('e.starts_on', 'DESC').addOrderBy('e.id').skip(q.offset).take(q.limit).getManyAndCount();
    return page(rows.map((e) => toEventResponse(e)), total, q);
  }

  /** Published editions are public; drafts only for their members and admins (others: 404). */
  async get(eventId: string, user?: AuthUser): Promise<EventResponseDto> {
    const access = await this.access.accessTo(user, eventId);
    if (!this.access.canSee(access)) throw notFound('Edition');
    return toEventResponse(await this.getEntity(eventId));
  }

  async getEntity(eventId: string): Promise<EventEntity> {
    const event = await this.events.findOne({ where: { id: eventId } });
    if (!event) throw notFound('Edition');
    return event;
  }

  async listMembers(eventId: string): Promise<MemberResponseDto[]> {
    const rows = await this.members
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.user', 'users', 'u', 'u.id = m.user_id')
      .where('m.event_id = :eventId', { eventId })
      .orderBy('m.created_at')
      .getMany();
    return rows.map((m) => toMemberResponse(m, (m as EventMemberEntity & { user: { name: string; email: string } }).user));
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
      await em.query(
        `INSERT INTO event_members (event_id, user_id, role, track_ids) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id, user_id, role) DO UPDATE SET track_ids = EXCLUDED.track_ids`,
        [eventId, user.id, dto.role, trackIds],
      );
      const member = toMemberResponse(await em.findOneByOrFail(EventMemberEntity, { eventId, userId: user.id, role: dto.role }), user);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'member.grant', entityType: 'user', entityId: user.id, after: member });
      return member;
    });
  }

  async removeMember(eventId: string, userId: string, role: EventRole | undefined, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (em) => {
      // Lock the edition's owners so that two owners cannot remove each other at once.
      const owners: { user_id: string }[] = await em.query(
        `SELECT user_id FROM event_members WHERE event_id = $1 AND role = 'owner' FOR UPDATE`,
        [eventId],
      );
      const removesOwner = owners.some((o) => o.user_id === userId) && (!role || role === 'owner');
      if (removesOwner && owners.length === 1) throw new DomainError('LAST_OWNER', 'An edition keeps at least one owner');
      const [removed]: [{ role: EventRole }[], number] = await em.query(
        `DELETE FROM event_members WHERE event_id = $1 AND user_id = $2 AND ($3::text IS NULL OR role = $3) RETURNING role`,
        [eventId, userId, role ?? null],
      );
      if (!removed.length) throw notFound('Membership');
      await this.audit.record(em, {
        eventId,
        actorId: actor.id,
        action: 'member.withdraw',
        entityType: 'user',
        entityId: userId,
        before: { roles: removed.map((r) => r.role) },
      });
    });
  }

  private columns(dto: Partial<CreateEventDto>): Partial<EventEntity> {
    const out: Partial<EventEntity> = { ...dto } as Partial<EventEntity>;
    for (const key of INSTANT_FIELDS) {
      if (dto[key] !== undefined) (out as Record<string, Date | null>)[key] = toDate(dto[key])!;
    }
    return out;
  }
}

registerConstraintCode('events_slug_key', 'SLUG_TAKEN', 'An edition with this slug already exists');

const slugTaken = () => new DomainError('SLUG_TAKEN', 'An edition with this slug already exists', [{ field: 'slug', messages: ['is taken'] }]);
