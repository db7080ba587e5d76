import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { hasRole } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { toLocalIso } from '../common/time/local-time.js';
import { embargo, type EmbargoEdition } from '../embargo/embargo.js';
import { EventsService } from '../events/events.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { SpeakersService } from '../speakers/speakers.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { normaliseEmail, UsersService } from '../users/users.service.js';
import { AwardsRepository } from './awards.repository.js';
import type { AddNomineeDto, AwardResponseDto, CreateAwardDto, NomineeDto, ScoreDto, ScoreResponseDto } from './awards.dto.js';

/**
 * Awards: categories with a ceremony, jurors named by organisers, nominees (submissions or people),
 * jurors' scores (never on their own or a co-author's work), winners confirmed by organisers and
 * public from the ceremony's start (decided on the Clock).
 */
@Injectable()
export class AwardsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AwardsRepository,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly submissions: SubmissionsService,
    private readonly speakers: SpeakersService,
    private readonly users: UsersService,
  ) {}

  async create(eventId: string, dto: CreateAwardDto, me: AuthUser): Promise<AwardResponseDto> {
    return this.db.transaction(async (em) => {
      if (dto.ceremonySessionId) {
        const [s] = await this.sessions.byIds([dto.ceremonySessionId], em);
        if (s?.eventId !== eventId) throw new DomainError('VALIDATION_FAILED', 'ceremonySessionId: no such session in this edition', [{ field: 'ceremonySessionId', messages: ['no such session in this edition'] }]);
      }
      const id = await this.repo.insert(
        eventId,
        { kind: dto.kind, name: dto.name, description: dto.description ?? null, ceremonySessionId: dto.ceremonySessionId ?? null, announceAt: dto.announceAt ?? null },
        em,
      );
      await this.audit.record(em, { eventId, actorId: me.id, action: 'award.create', entityType: 'award', entityId: id, after: dto });
      return id;
    }).then(async (id) => (await this.list(eventId, me)).find((a) => a.id === id)!);
  }

  /**
   * Public: categories, and the winners once the ceremony has started (a winning submission once
   * its title is out of embargo). Organisers and an award's jurors see every nominee.
   */
  async list(eventId: string, user?: AuthUser): Promise<AwardResponseDto[]> {
    const access = await this.access.requireVisible(user, eventId);
    const event = await this.events.getEntity(eventId);
    const edition: EmbargoEdition = {
      time_zone: event.timeZone,
      titles_release_at: event.titlesReleaseAt,
      abstracts_release_at: event.abstractsReleaseAt,
      late_breaking_release_time: event.lateBreakingReleaseTime,
    };
    const organiser = hasRole(access, 'owner', 'organiser');
    const now = this.clock.now();
    const awards = await this.repo.list(eventId);
    const rows = awards.length ? await this.repo.nominees(eventId) : [];
    const [ceremonies, submissions, people] = await Promise.all([
      this.sessions.byIds(awards.flatMap((a) => (a.ceremonySessionId ? [a.ceremonySessionId] : []))),
      this.submissions.nominated(eventId, rows.flatMap((n) => (n.submissionId ? [n.submissionId] : []))),
      this.speakers.byIds(rows.flatMap((n) => (n.speakerId ? [n.speakerId] : []))),
    ]);
    const startOf = new Map(ceremonies.map((c) => [c.id, c.startsAt]));
    const submissionOf = new Map(submissions.map((x) => [x.id, x]));
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    const nominees = rows.map((n) => {
      const sub = n.submissionId ? submissionOf.get(n.submissionId) : undefined;
      return { ...n, label: sub?.title ?? nameOf.get(n.speakerId!)!, submissionType: sub?.type ?? null, talkStartsAt: sub?.talkStartsAt ?? null };
    });
    type Nominee = (typeof nominees)[number];
    return awards.map((a) => {
      const announceAt = (a.ceremonySessionId ? startOf.get(a.ceremonySessionId) : null) ?? a.announceAt;
      const announced = announceAt !== null && announceAt <= now;
      const full = organiser || (!!user && a.jurorIds.includes(user.id));
      // The public sees a winning submission only once its title is released: the one embargo rule.
      const titlePublic = (n: Nominee) => n.submissionType === null || embargo(edition, { type: n.submissionType, startsAt: n.talkStartsAt ?? now }, now).title;
      const mine = nominees.filter((n) => n.awardId === a.id && (full || (announced && n.winner && titlePublic(n))));
      return {
        id: a.id,
        eventId: a.eventId,
        kind: a.kind,
        name: a.name,
        description: a.description,
        ceremonySessionId: a.ceremonySessionId,
        announceAt: toLocalIso(announceAt, event.timeZone),
        announced,
        nominees: mine.map(
          (n): NomineeDto => ({
            id: n.id,
            submissionId: n.submissionId,
            speakerId: n.speakerId,
            label: n.label,
            // Before the ceremony only organisers see who won.
            winner: n.winner && (announced || organiser),
            ...(organiser ? { meanScore: n.meanScore === null ? null : Number(n.meanScore), scoreCount: n.scoreCount } : {}),
          }),
        ),
        ...(organiser ? { jurorIds: a.jurorIds } : {}),
      };
    });
  }

  private async award(awardId: string): Promise<{ id: string; eventId: string }> {
    const a = await this.repo.find(awardId);
    if (!a) throw notFound('Award');
    return a;
  }

  async addJuror(awardId: string, userId: string, me: AuthUser): Promise<AwardResponseDto> {
    const a = await this.award(awardId);
    await this.db.transaction(async (em) => {
      if (!(await this.users.findById(userId, em))) throw notFound('User');
      await this.repo.addJuror(a.eventId, a.id, userId, em);
      await this.audit.record(em, { eventId: a.eventId, actorId: me.id, action: 'award.juror.add', entityType: 'award', entityId: a.id, after: { userId } });
    });
    return (await this.list(a.eventId, me)).find((x) => x.id === a.id)!;
  }

  async addNominee(awardId: string, dto: AddNomineeDto, me: AuthUser): Promise<AwardResponseDto> {
    if ((dto.submissionId === undefined) === (dto.speakerId === undefined)) {
      const message = 'give either submissionId or speakerId';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'submissionId', messages: [message] }]);
    }
    const a = await this.award(awardId);
    await this.db.transaction(async (em) => {
      if (dto.submissionId) {
        const [s] = await this.submissions.nominated(a.eventId, [dto.submissionId]);
        if (!s || s.status === 'draft') throw notFound('Submission');
      } else if (!(await this.speakers.byIds([dto.speakerId!], em)).length) {
        throw notFound('Speaker');
      }
      if (!(await this.repo.addNominee(a.eventId, a.id, dto.submissionId ?? null, dto.speakerId ?? null, em))) throw new DomainError('DUPLICATE', 'Already a nominee of this award');
      await this.audit.record(em, { eventId: a.eventId, actorId: me.id, action: 'award.nominee.add', entityType: 'award', entityId: a.id, after: dto });
    });
    return (await this.list(a.eventId, me)).find((x) => x.id === a.id)!;
  }

  /** A juror scores a nominee: never their own work or themselves (OWN_WORK), never a co-author's (CO_AUTHOR_CONFLICT). */
  async score(awardId: string, dto: ScoreDto, me: AuthUser): Promise<ScoreResponseDto> {
    const a = await this.award(awardId);
    if (!(await this.repo.isJuror(a.eventId, a.id, me.id))) {
      const access = await this.access.accessTo(me, a.eventId);
      if (!access.roles.length && !access.isAdmin) throw notFound('Award');
      throw new DomainError('NOT_A_JUROR', 'Only the award’s jurors score its nominees');
    }
    const n = await this.repo.findNominee(a.eventId, a.id, dto.nomineeId);
    if (!n) throw notFound('Nominee');
    const email = normaliseEmail(me.email);
    // The nominee's authors: everyone named on the submission, or the nominated person.
    const named = n.submissionId ? await this.submissions.speakersOf(a.eventId, n.submissionId) : [];
    const [person] = n.speakerId ? await this.speakers.byIds([n.speakerId]) : [];
    const account = person?.userId ? await this.users.findById(person.userId) : null;
    const authors = [...new Set([...named.map((x) => x.email), ...(account ? [account.email] : [])])];
    if (authors.includes(email) || named.some((x) => x.userId === me.id) || person?.userId === me.id) {
      throw new DomainError('OWN_WORK', 'A juror never scores their own work (or themselves)');
    }
    if (await this.submissions.sharesSubmission(me.id, email, authors)) throw new DomainError('CO_AUTHOR_CONFLICT', 'A juror never scores the work of a co-author');
    const row = await this.repo.upsertScore(a.eventId, n.id, me.id, dto.score, dto.comment ?? null);
    return { nomineeId: row.nomineeId, score: Number(row.score), comment: row.comment };
  }

  /** Organisers confirm the winners (replacing an earlier confirmation). */
  async confirmWinners(awardId: string, nomineeIds: string[], me: AuthUser): Promise<AwardResponseDto> {
    const a = await this.award(awardId);
    await this.db.transaction(async (em) => {
      if ((await this.repo.countNominees(a.eventId, a.id, nomineeIds, em)) !== new Set(nomineeIds).size) throw notFound('Nominee');
      await this.repo.setWinners(a.eventId, a.id, nomineeIds, em);
      await this.audit.record(em, { eventId: a.eventId, actorId: me.id, action: 'award.winners', entityType: 'award', entityId: a.id, after: { nomineeIds } });
    });
    return (await this.list(a.eventId, me)).find((x) => x.id === a.id)!;
  }
}
