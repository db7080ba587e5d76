import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { notFound } from '../common/errors/domain-error.js';
import { page, type Page, type PaginationQueryDto } from '../common/pagination/pagination.js';
import { UsersService } from '../users/users.service.js';
import type { CreateSpeakerDto, EditionSpeakerResponseDto, MySpeakerProfileResponseDto, PutSpeakerProfileDto, SpeakerResponseDto } from './speakers.dto.js';
import { toMySpeakerProfile, toSpeakerResponse } from './speakers.mapper.js';
import type { SpeakerEntity } from './speaker.entity.js';
import { SpeakersRepository } from './speakers.repository.js';

/** A person's part in an edition, as the sessions module counts it. */
export interface EditionPerson {
  speakerId: string;
  roles: string[];
  sessions: number;
}

/** Speaker profiles as an edition uses them: the one owner of `speakers`. */
@Injectable()
export class SpeakersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SpeakersRepository,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  /** Profiles by id (those that exist), for modules that name the people in their rows. */
  byIds(ids: string[], em?: EntityManager): Promise<SpeakerEntity[]> {
    return this.repo.byIds(ids, em);
  }

  /** The profiles of these accounts (those that have one). */
  byUsers(userIds: string[], em?: EntityManager): Promise<SpeakerEntity[]> {
    return this.repo.byUsers(userIds, em);
  }

  /** An account's own profile (null: none yet). */
  ofUser(userId: string, em?: EntityManager): Promise<SpeakerEntity | null> {
    return this.repo.findByUser(userId, em);
  }

  /**
   * The profile's account (null when the profile has none), share-locking the profile for the
   * caller's transaction so that no account is linked before it commits; not found → 404.
   */
  async lockAccountOf(speakerId: string, em: EntityManager): Promise<string | null> {
    const row = await this.repo.lockAccountOf(speakerId, em);
    if (!row) throw notFound('Speaker');
    return row.userId;
  }

  /** Organisers enter invited faculty: a profile without an account, usable in sessions at once. */
  async createForEdition(eventId: string, dto: CreateSpeakerDto, actor: AuthUser): Promise<SpeakerResponseDto> {
    return this.db.transaction(async (em) => {
      const saved = await this.repo.insert(
        { name: dto.name, honorific: dto.honorific ?? null, titles: dto.titles ?? [], affiliations: dto.affiliations ?? [], country: dto.country ?? null, bio: dto.bio ?? null, photoUrl: dto.photoUrl ?? null },
        em,
      );
      const after = toSpeakerResponse(saved);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'speaker.create', entityType: 'speaker', entityId: saved.id, after });
      return after;
    });
  }

  /** A page of an edition's people (given by the sessions module, which owns who is in a session), by name. */
  async pageOfEdition(people: EditionPerson[], q: PaginationQueryDto): Promise<Page<EditionSpeakerResponseDto>> {
    const byId = new Map(people.map((p) => [p.speakerId, p]));
    const [rows, total] = await this.repo.pageOf([...byId.keys()], q.offset, q.limit);
    return page(rows.map((r) => ({ ...toSpeakerResponse(r), roles: byId.get(r.id)!.roles, sessions: byId.get(r.id)!.sessions })), total, q);
  }

  async getMine(me: AuthUser): Promise<MySpeakerProfileResponseDto> {
    const s = await this.repo.findByUser(me.id);
    if (!s) throw notFound('Speaker profile');
    return toMySpeakerProfile(s);
  }

  /** Creates or replaces the caller's profile (one per account: UNIQUE (user_id)). */
  async putMine(me: AuthUser, dto: PutSpeakerProfileDto): Promise<MySpeakerProfileResponseDto> {
    await this.repo.upsertForUser(me.id, {
      name: dto.name,
      honorific: dto.honorific ?? null,
      titles: dto.titles ?? [],
      affiliations: dto.affiliations ?? [],
      country: dto.country?.toUpperCase() ?? null,
      bio: dto.bio ?? null,
      photoUrl: dto.photoUrl ?? null,
      orcid: dto.orcid ?? null,
    });
    return toMySpeakerProfile((await this.repo.findByUser(me.id))!);
  }

  /**
   * The speaker profile of each account, made from the account's name where the person has none
   * yet (used when a talk is placed: session_people needs a profile).
   */
  async ensureProfiles(em: EntityManager, userIds: string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const users = await this.users.findByIds(userIds, em);
    return this.repo.ensureForUsers(users.map((u) => ({ id: u.id, name: u.name })), em);
  }
}
