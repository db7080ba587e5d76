import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { hasRole } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { toLocalIso } from '../common/time/local-time.js';
import { embargo, type EmbargoEdition } from '../embargo/embargo.js';
import { normaliseEmail } from '../users/users.service.js';
import type { AddNomineeDto, AwardKind, AwardResponseDto, CreateAwardDto, NomineeDto, ScoreDto, ScoreResponseDto } from './awards.dto.js';

interface AwardRow {
  id: string;
  event_id: string;
  kind: AwardKind;
  name: LocalizedText;
  description: LocalizedText | null;
  ceremony_session_id: string | null;
  announce_at: Date | null;
  time_zone: string;
  juror_ids: string[];
}

interface NomineeRow {
  id: string;
  award_id: string;
  submission_id: string | null;
  speaker_id: string | null;
  label: LocalizedText;
  winner: boolean;
  mean_score: string | null;
  score_count: number;
  /** The nominated submission's type and when it is given (its talk), for the embargo rule. */
  submission_type: string | null;
  talk_starts_at: Date | null;
}

/**
 * Awards: categories with a ceremony, jurors named by organisers, nominees (submissions or people),
 * jurors' scores (never on their own or a co-author's work), winners confirmed by organisers and
 * public from the ceremony's start (decided on the Clock).
 */
@Injectable()
export class AwardsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async create(eventId: string, dto: CreateAwardDto, me: AuthUser): Promise<AwardResponseDto> {
    return this.db.transaction(async (em) => {
      if (dto.ceremonySessionId) {
        const [s] = await em.query(`SELECT 1 FROM sessions WHERE event_id = $1 AND id = $2`, [eventId, dto.ceremonySessionId]);
        if (!s) throw new DomainError('VALIDATION_FAILED', 'ceremonySessionId: no such session in this edition', [{ field: 'ceremonySessionId', messages: ['no such session in this edition'] }]);
      }
      const [row]: { id: string }[] = await em.query(
        `INSERT INTO awards (event_id, kind, name, description, ceremony_session_id, announce_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [eventId, dto.kind, JSON.stringify(dto.name), dto.description ? JSON.stringify(dto.description) : null, dto.ceremonySessionId ?? null, dto.announceAt ?? null],
      );
      await this.audit.record(em, { eventId, actorId: me.id, action: 'award.create', entityType: 'award', entityId: row.id, after: dto });
      return row.id;
    }).then(async (id) => (await this.list(eventId, me)).find((a) => a.id === id)!);
  }

  /**
   * Public: categories, and the winners once the ceremony has started (a winning submission once
   * its title is out of embargo). Organisers and an award's jurors see every nominee.
   */
  async list(eventId: string, user?: AuthUser): Promise<AwardResponseDto[]> {
    const access = await this.access.requireVisible(user, eventId);
    const [edition]: EmbargoEdition[] = await this.db.query(
      `SELECT time_zone, titles_release_at, abstracts_release_at, late_breaking_release_time FROM events WHERE id = $1`,
      [eventId],
    );
    const organiser = hasRole(access, 'owner', 'organiser');
    const now = this.clock.now();
    const awards: AwardRow[] = await this.db.query(
      `SELECT a.id, a.event_id, a.kind, a.name, a.description, a.ceremony_session_id, coalesce(s.starts_at, a.announce_at) AS announce_at, e.time_zone,
              coalesce((SELECT array_agg(j.user_id ORDER BY j.user_id) FROM award_jurors j WHERE j.event_id = a.event_id AND j.award_id = a.id), '{}') AS juror_ids
         FROM awards a JOIN events e ON e.id = a.event_id
         LEFT JOIN sessions s ON s.event_id = a.event_id AND s.id = a.ceremony_session_id
        WHERE a.event_id = $1 ORDER BY a.created_at, a.id`,
      [eventId],
    );
    const nominees: NomineeRow[] = awards.length
      ? await this.db.query(
          `SELECT n.id, n.award_id, n.submission_id, n.speaker_id, coalesce(sub.title, sp.name) AS label, n.winner,
                  sub.type AS submission_type, k.starts_at AS talk_starts_at,
                  (SELECT avg(sc.score) FROM award_scores sc WHERE sc.event_id = n.event_id AND sc.nominee_id = n.id) AS mean_score,
                  (SELECT count(*)::int FROM award_scores sc WHERE sc.event_id = n.event_id AND sc.nominee_id = n.id) AS score_count
             FROM award_nominees n
             LEFT JOIN submissions sub ON sub.event_id = n.event_id AND sub.id = n.submission_id
             LEFT JOIN talks k ON k.event_id = n.event_id AND k.submission_id = n.submission_id
             LEFT JOIN speakers sp ON sp.id = n.speaker_id
            WHERE n.event_id = $1 ORDER BY n.created_at, n.id`,
          [eventId],
        )
      : [];
    return awards.map((a) => {
      const announced = a.announce_at !== null && a.announce_at <= now;
      const full = organiser || (!!user && a.juror_ids.includes(user.id));
      // The public sees a winning submission only once its title is released: the one embargo rule.
      const titlePublic = (n: NomineeRow) =>
        n.submission_type === null || embargo(edition, { type: n.submission_type, startsAt: n.talk_starts_at ?? now }, now).title;
      const mine = nominees.filter((n) => n.award_id === a.id && (full || (announced && n.winner && titlePublic(n))));
      return {
        id: a.id,
        eventId: a.event_id,
        kind: a.kind,
        name: a.name,
        description: a.description,
        ceremonySessionId: a.ceremony_session_id,
        announceAt: toLocalIso(a.announce_at, a.time_zone),
        announced,
        nominees: mine.map(
          (n): NomineeDto => ({
            id: n.id,
            submissionId: n.submission_id,
            speakerId: n.speaker_id,
            label: n.label,
            // Before the ceremony only organisers see who won.
            winner: n.winner && (announced || organiser),
            ...(organiser ? { meanScore: n.mean_score === null ? null : Number(n.mean_score), scoreCount: n.score_count } : {}),
          }),
        ),
        ...(organiser ? { jurorIds: a.juror_ids } : {}),
      };
    });
  }

  private async award(awardId: string): Promise<{ id: string; event_id: string }> {
    const [a] = await this.db.query(`SELECT id, event_id FROM awards WHERE id = $1`, [awardId]);
    if (!a) throw notFound('Award');
    return a;
  }

  async addJuror(awardId: string, userId: string, me: AuthUser): Promise<AwardResponseDto> {
    const a = await this.award(awardId);
    await this.db.transaction(async (em) => {
      const [u] = await em.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
      if (!u) throw notFound('User');
      await em.query(`INSERT INTO award_jurors (event_id, award_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [a.event_id, a.id, userId]);
      await this.audit.record(em, { eventId: a.event_id, actorId: me.id, action: 'award.juror.add', entityType: 'award', entityId: a.id, after: { userId } });
    });
    return (await this.list(a.event_id, me)).find((x) => x.id === a.id)!;
  }

  async addNominee(awardId: string, dto: AddNomineeDto, me: AuthUser): Promise<AwardResponseDto> {
    if ((dto.submissionId === undefined) === (dto.speakerId === undefined)) {
      const message = 'give either submissionId or speakerId';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'submissionId', messages: [message] }]);
    }
    const a = await this.award(awardId);
    await this.db.transaction(async (em) => {
      if (dto.submissionId) {
        const [s] = await em.query(`SELECT status FROM submissions WHERE event_id = $1 AND id = $2`, [a.event_id, dto.submissionId]);
        if (!s || s.status === 'draft') throw notFound('Submission');
      } else {
        const [p] = await em.query(`SELECT 1 FROM speakers WHERE id = $1`, [dto.speakerId]);
        if (!p) throw notFound('Speaker');
      }
      const [row] = await em.query(
        `INSERT INTO award_nominees (event_id, award_id, submission_id, speaker_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
        [a.event_id, a.id, dto.submissionId ?? null, dto.speakerId ?? null],
      );
      if (!row) throw new DomainError('DUPLICATE', 'Already a nominee of this award');
      await this.audit.record(em, { eventId: a.event_id, actorId: me.id, action: 'award.nominee.add', entityType: 'award', entityId: a.id, after: dto });
    });
    return (await this.list(a.event_id, me)).find((x) => x.id === a.id)!;
  }

  /** A juror scores a nominee: never their own work or themselves (OWN_WORK), never a co-author's (CO_AUTHOR_CONFLICT). */
  async score(awardId: string, dto: ScoreDto, me: AuthUser): Promise<ScoreResponseDto> {
    const a = await this.award(awardId);
    const [juror] = await this.db.query(`SELECT 1 FROM award_jurors WHERE event_id = $1 AND award_id = $2 AND user_id = $3`, [a.event_id, a.id, me.id]);
    if (!juror) {
      const access = await this.access.accessTo(me, a.event_id);
      if (!access.roles.length && !access.isAdmin) throw notFound('Award');
      throw new DomainError('NOT_A_JUROR', 'Only the award’s jurors score its nominees');
    }
    const email = normaliseEmail(me.email);
    const [n]: { id: string; own: boolean; co_author: boolean }[] = await this.db.query(
      `WITH nominee AS (
         SELECT n.* FROM award_nominees n WHERE n.event_id = $1 AND n.award_id = $2 AND n.id = $3),
       authors AS (
         SELECT ss.email FROM nominee n JOIN submission_speakers ss ON ss.event_id = n.event_id AND ss.submission_id = n.submission_id
         UNION
         SELECT u.email FROM nominee n JOIN speakers sp ON sp.id = n.speaker_id JOIN users u ON u.id = sp.user_id)
       SELECT n.id,
              (EXISTS (SELECT 1 FROM authors WHERE email = $5)
               OR EXISTS (SELECT 1 FROM submission_speakers ss WHERE ss.event_id = n.event_id AND ss.submission_id = n.submission_id AND ss.user_id = $4)
               OR EXISTS (SELECT 1 FROM speakers sp WHERE sp.id = n.speaker_id AND sp.user_id = $4)) AS own,
              EXISTS (SELECT 1 FROM submission_speakers mine JOIN submission_speakers other
                        ON other.event_id = mine.event_id AND other.submission_id = mine.submission_id AND other.id <> mine.id
                       WHERE (mine.user_id = $4 OR mine.email = $5) AND other.email IN (SELECT email FROM authors) AND other.email <> $5) AS co_author
         FROM nominee n`,
      [a.event_id, a.id, dto.nomineeId, me.id, email],
    );
    if (!n) throw notFound('Nominee');
    if (n.own) throw new DomainError('OWN_WORK', 'A juror never scores their own work (or themselves)');
    if (n.co_author) throw new DomainError('CO_AUTHOR_CONFLICT', 'A juror never scores the work of a co-author');
    const [row]: { nominee_id: string; score: string; comment: string | null }[] = await this.db.query(
      `INSERT INTO award_scores (event_id, nominee_id, juror_id, score, comment) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id, nominee_id, juror_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, updated_at = now()
       RETURNING nominee_id, score, comment`,
      [a.event_id, n.id, me.id, dto.score, dto.comment ?? null],
    );
    return { nomineeId: row.nominee_id, score: Number(row.score), comment: row.comment };
  }

  /** Organisers confirm the winners (replacing an earlier confirmation). */
  async confirmWinners(awardId: string, nomineeIds: string[], me: AuthUser): Promise<AwardResponseDto> {
    const a = await this.award(awardId);
    await this.db.transaction(async (em) => {
      const found: { id: string }[] = await em.query(`SELECT id FROM award_nominees WHERE event_id = $1 AND award_id = $2 AND id = ANY($3::uuid[])`, [
        a.event_id,
        a.id,
        nomineeIds,
      ]);
      if (found.length !== new Set(nomineeIds).size) throw notFound('Nominee');
      await em.query(`UPDATE award_nominees SET winner = (id = ANY($3::uuid[])) WHERE event_id = $1 AND award_id = $2`, [a.event_id, a.id, nomineeIds]);
      await this.audit.record(em, { eventId: a.event_id, actorId: me.id, action: 'award.winners', entityType: 'award', entityId: a.id, after: { nomineeIds } });
    });
    return (await this.list(a.event_id, me)).find((x) => x.id === a.id)!;
  }
}
