import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { EventsService } from '../events/events.service.js';
import { SpeakersService } from '../speakers/speakers.service.js';
import { UsersService } from '../users/users.service.js';
import { disclosureStatement, validUntil } from './disclosure-statement.js';
import { DisclosuresRepository, type DisclosureRow } from './disclosures.repository.js';
import type { DisclosureResponseDto, MissingPersonDto, PutDisclosureDto } from './disclosures.dto.js';

/** Who is involved, by speaker profile or by account. */
export interface People {
  speakerIds?: string[];
  userIds?: string[];
  /** Invitees without an account (matched by email): they cannot have disclosed, and are named by email. */
  emails?: string[];
}

/**
 * Conflict-of-interest disclosures. Everyone who controls content discloses per edition; a
 * disclosure is current for twelve months. Editions that `block` refuse content from people
 * without a current one (DISCLOSURE_MISSING); editions that `flag` only list them.
 */
@Injectable()
export class DisclosuresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: DisclosuresRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly speakers: SpeakersService,
    private readonly users: UsersService,
  ) {}

  /** The caller's speaker profile, created from their account when they have none yet. */
  async speakerIdOf(em: EntityManager, user: AuthUser): Promise<string> {
    return (await this.speakers.ensureProfiles(em, [user.id])).get(user.id)!;
  }

  async getMine(eventId: string, user: AuthUser): Promise<DisclosureResponseDto> {
    const profile = await this.speakers.ofUser(user.id);
    const row = profile && (await this.repo.find(eventId, profile.id));
    if (!row) throw notFound('Disclosure');
    return this.toResponse(row);
  }

  async putMine(eventId: string, user: AuthUser, dto: PutDisclosureDto): Promise<DisclosureResponseDto> {
    return this.db.transaction(async (em) => this.put(em, eventId, await this.speakerIdOf(em, user), dto, user.id));
  }

  /**
   * Organisers record the disclosure of invited faculty who have no account. A person with an
   * account makes their own statement, and nobody else may change it (409 SPEAKER_HAS_ACCOUNT);
   * every entry an organiser makes is audited with the values before and after.
   */
  async putFor(eventId: string, speakerId: string, dto: PutDisclosureDto, actor: AuthUser): Promise<DisclosureResponseDto> {
    return this.db.transaction(async (em) => {
      // The speaker row is the lock: an account cannot be linked between this check and the write.
      if ((await this.speakers.lockAccountOf(speakerId, em)) !== null) {
        throw new DomainError('SPEAKER_HAS_ACCOUNT', 'This person has an account and makes their own disclosure; organisers enter disclosures only for faculty without one');
      }
      const previous = await this.repo.find(eventId, speakerId, em);
      const saved = await this.put(em, eventId, speakerId, dto, actor.id);
      await this.audit.record(em, {
        eventId,
        actorId: actor.id,
        action: 'disclosure.put',
        entityType: 'speaker',
        entityId: speakerId,
        ...(previous ? { before: this.toResponse(previous) } : {}),
        after: saved,
      });
      return saved;
    });
  }

  private async put(em: EntityManager, eventId: string, speakerId: string, dto: PutDisclosureDto, by: string) {
    const relationships = dto.relationships ?? [];
    if (dto.nothingToDisclose === (relationships.length > 0)) {
      const message = dto.nothingToDisclose ? 'relationships must be empty when there is nothing to disclose' : 'list at least one relationship, or set nothingToDisclose';
      throw new DomainError('VALIDATION_FAILED', `relationships: ${message}`, [{ field: 'relationships', messages: [message] }]);
    }
    const now = this.clock.now();
    const row = await this.repo.upsert(eventId, { speakerId, nothingToDisclose: dto.nothingToDisclose, relationships, disclosedAt: now, validUntil: validUntil(now), updatedBy: by }, em);
    return this.toResponse(row);
  }

  /**
   * Refuses (DISCLOSURE_MISSING, naming who) when the edition blocks and anyone involved has no
   * current disclosure. Call it inside the transaction of the change it guards.
   */
  async assertDisclosed(em: EntityManager, eventId: string, people: People): Promise<void> {
    if ((await this.events.getEntity(eventId, em)).disclosurePolicy !== 'block') return;
    const missing = [
      ...(await this.missingAmong(em, eventId, people)),
      ...(people.emails ?? []).map((email): MissingPersonDto => ({ speakerId: null, name: { en: email }, roles: ['speaker'], reason: 'none' })),
    ];
    if (missing.length) {
      const names = missing.map((m) => m.name.en ?? m.name.zh).join(', ');
      throw new DomainError('DISCLOSURE_MISSING', `No current conflict-of-interest disclosure from: ${names}`, missing);
    }
  }

  /** People (by profile or account) without a current disclosure for the edition. */
  async missingAmong(em: EntityManager | undefined, eventId: string, people: People): Promise<MissingPersonDto[]> {
    const userIds = [...new Set(people.userIds ?? [])];
    const [profiles, accounts, accountProfiles] = await Promise.all([
      this.speakers.byIds(people.speakerIds ?? [], em),
      this.users.findByIds(userIds, em),
      this.speakers.byUsers(userIds, em),
    ]);
    const profileOf = new Map(accountProfiles.map((p) => [p.userId!, p]));
    const involved = new Map<string, { speakerId: string | null; userId: string | null; name: LocalizedText }>();
    for (const p of profiles) involved.set(`${p.id}|${p.userId ?? ''}`, { speakerId: p.id, userId: p.userId, name: p.name });
    for (const u of accounts) {
      const p = profileOf.get(u.id);
      involved.set(`${p?.id ?? ''}|${u.id}`, { speakerId: p?.id ?? null, userId: u.id, name: p?.name ?? { en: u.name } });
    }
    const now = this.clock.now();
    const speakerIds = [...involved.values()].flatMap((i) => (i.speakerId ? [i.speakerId] : []));
    const found = new Map((await this.repo.ofSpeakers(eventId, [...new Set(speakerIds)], em)).map((d) => [d.speakerId, d]));
    return [...involved.values()].flatMap((i): MissingPersonDto[] => {
      const d = i.speakerId ? found.get(i.speakerId) : undefined;
      if (d && d.validUntil > now) return [];
      return [{ speakerId: i.speakerId ?? null, ...(i.userId ? { userId: i.userId } : {}), name: i.name, roles: [], reason: d ? 'expired' : 'none' }];
    });
  }

  /** The statement to show beside each person's name (one query for any number of people). */
  async statements(eventId: string, speakerIds: string[]): Promise<Map<string, string>> {
    const rows = await this.repo.currentOf(eventId, speakerIds, this.clock.now());
    const found = new Map(rows.map((r) => [r.speakerId, disclosureStatement(r)]));
    return new Map(speakerIds.map((id) => [id, found.get(id) ?? disclosureStatement(null)]));
  }

  private toResponse(r: DisclosureRow): DisclosureResponseDto {
    return {
      speakerId: r.speakerId,
      nothingToDisclose: r.nothingToDisclose,
      relationships: r.relationships,
      statement: disclosureStatement(r),
      disclosedAt: r.disclosedAt.toISOString(),
      validUntil: r.validUntil.toISOString(),
      current: r.validUntil > this.clock.now(),
    };
  }
}
