import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { toLocalIso } from '../common/time/local-time.js';
import {
  DEFAULT_CRITERIA,
  DEFAULT_TYPES,
  SCORE_MAX,
  SCORE_MIN,
  YOUNG_PHYSICIAN_MAX_MINUTES,
  type ReviewCriterion,
  type SubmissionType,
  type SubmissionTypeSetting,
} from './cfp-defaults.js';
import { EventsService } from '../events/events.service.js';
import type { CfpSettingsResponseDto, PutCfpSettingsDto } from './cfp.dto.js';
import { CfpRepository } from './cfp.repository.js';

export interface CfpSettings {
  eventId: string;
  timeZone: string;
  opensAt: Date | null;
  closesAt: Date | null;
  custom: boolean;
  types: SubmissionTypeSetting[];
  criteria: ReviewCriterion[];
}

/** Is the call open at `now`? (opens_at ≤ now < closes_at; no window: closed) */
export const isCfpOpen = (s: Pick<CfpSettings, 'opensAt' | 'closesAt'>, now: Date) => !!s.opensAt && !!s.closesAt && s.opensAt <= now && now < s.closesAt;

/** The call for submissions of an edition: window (on the edition), types and durations, review criteria. */
@Injectable()
export class CfpService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: CfpRepository,
    private readonly events: EventsService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async settings(eventId: string, em?: EntityManager): Promise<CfpSettings> {
    const edition = await this.events.getEntity(eventId, em);
    const own = await this.repo.find(eventId, em);
    return {
      eventId,
      timeZone: edition.timeZone,
      opensAt: edition.cfpOpensAt,
      closesAt: edition.cfpClosesAt,
      custom: own !== null,
      types: own?.types ?? DEFAULT_TYPES,
      criteria: own?.criteria ?? DEFAULT_CRITERIA,
    };
  }

  /** Throws CFP_CLOSED outside the window. */
  requireOpen(s: CfpSettings, now = this.clock.now()): void {
    if (!isCfpOpen(s, now)) {
      throw new DomainError('CFP_CLOSED', 'The call for submissions of this edition is not open', {
        opensAt: toLocalIso(s.opensAt, s.timeZone),
        closesAt: toLocalIso(s.closesAt, s.timeZone),
      });
    }
  }

  typeSetting(s: CfpSettings, type: SubmissionType): SubmissionTypeSetting {
    return s.types.find((t) => t.type === type) ?? DEFAULT_TYPES.find((t) => t.type === type)!;
  }

  /** Readable by anyone who may see the edition. */
  async get(eventId: string, user?: AuthUser): Promise<CfpSettingsResponseDto> {
    await this.access.requireVisible(user, eventId);
    return toResponse(await this.settings(eventId), this.clock.now());
  }

  async put(eventId: string, dto: PutCfpSettingsDto, actor: AuthUser): Promise<CfpSettingsResponseDto> {
    return this.db.transaction(async (em) => {
      await this.events.lockEntity(eventId, em);
      const before = await this.settings(eventId, em);
      const types = before.types.map((t) => dto.types?.find((n) => n.type === t.type) ?? t);
      const criteria = dto.criteria ?? before.criteria;
      checkSettings(types, criteria, dto);
      await this.repo.upsert(eventId, types, criteria, em);
      const after = await this.settings(eventId, em);
      await this.audit.record(em, {
        eventId,
        actorId: actor.id,
        action: 'cfp.update',
        entityType: 'event',
        entityId: eventId,
        before: { types: before.types, criteria: before.criteria },
        after: { types: after.types, criteria: after.criteria },
      });
      return toResponse(after, this.clock.now());
    });
  }
}

function checkSettings(types: SubmissionTypeSetting[], criteria: ReviewCriterion[], dto: PutCfpSettingsDto) {
  const problems: { field: string; messages: string[] }[] = [];
  const named = dto.types?.map((t) => t.type) ?? [];
  if (new Set(named).size !== named.length) problems.push({ field: 'types', messages: ['each type may appear once'] });
  for (const t of types) {
    if (t.maxMinutes < t.defaultMinutes) problems.push({ field: 'types', messages: [`${t.type}: maxMinutes must be at least defaultMinutes`] });
    if (t.type === 'young_physician_talk' && t.maxMinutes > YOUNG_PHYSICIAN_MAX_MINUTES) {
      problems.push({ field: 'types', messages: [`young_physician_talk: at most ${YOUNG_PHYSICIAN_MAX_MINUTES} minutes`] });
    }
  }
  const keys = criteria.map((c) => c.key);
  if (new Set(keys).size !== keys.length) problems.push({ field: 'criteria', messages: ['criterion keys must be unique'] });
  if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.flatMap((p) => p.messages.map((m) => `${p.field}: ${m}`)).join('; '), problems);
}

function toResponse(s: CfpSettings, now: Date): CfpSettingsResponseDto {
  return {
    eventId: s.eventId,
    opensAt: toLocalIso(s.opensAt, s.timeZone),
    closesAt: toLocalIso(s.closesAt, s.timeZone),
    open: isCfpOpen(s, now),
    custom: s.custom,
    types: s.types,
    criteria: s.criteria,
    scoreMin: SCORE_MIN,
    scoreMax: SCORE_MAX,
  };
}
