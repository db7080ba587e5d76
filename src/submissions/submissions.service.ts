import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { SCORE_MAX, SCORE_MIN } from '../cfp/cfp-defaults.js';
import { CfpService, type CfpSettings } from '../cfp/cfp.service.js';
import { Clock } from '../common/clock.js';
import { hasRole, type EditionAccess } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { DisclosuresService } from '../disclosures/disclosures.service.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { page, type Page } from '../common/pagination/pagination.js';
import type { KeyCount } from '../database/sql-repository.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { normaliseEmail } from '../users/users.service.js';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service.js';
import { isEditable, nextStatus, statusesAllowing, type SubmissionAction, type SubmissionStatus } from './submission-state.js';
import type {
  CoSpeakerDto,
  CreateSubmissionDto,
  DecisionDto,
  ListSubmissionsQueryDto,
  ReviewDto,
  ReviewResponseDto,
  StaffSubmissionResponseDto,
  SubmissionResponseDto,
  UpdateSubmissionDto,
} from './submissions.dto.js';
import { toReviewResponse, toStaffSubmissionResponse, toSubmissionResponse, withoutEmails, type SubmissionRow } from './submissions.mapper.js';

/** A submission with its speakers and the edition's time zone. */
export const SUBMISSION_SELECT = `
  SELECT s.*, e.time_zone,
    COALESCE((SELECT jsonb_agg(jsonb_build_object('user_id', COALESCE(ss.user_id, u.id), 'name', u.name, 'email', ss.email,
                                                  'is_primary', ss.is_primary) ORDER BY ss.position)
                FROM submission_speakers ss
                LEFT JOIN users u ON u.id = ss.user_id OR (ss.user_id IS NULL AND u.email = ss.email)
               WHERE ss.event_id = s.event_id AND ss.submission_id = s.id), '[]'::jsonb) AS speakers
    FROM submissions s JOIN events e ON e.id = s.event_id`;

/** Is the caller ($a: user id, $b: email) one of the submission's speakers? (invitees match by email) */
const IS_SPEAKER = (a: string, b: string) => `EXISTS (SELECT 1 FROM submission_speakers ss
   WHERE ss.event_id = s.event_id AND ss.submission_id = s.id AND (ss.user_id = ${a} OR ss.email = ${b}))`;

const TIMESTAMP_OF: Partial<Record<SubmissionStatus, string>> = {
  submitted: 'submitted_at',
  accepted: 'decided_at',
  rejected: 'decided_at',
  confirmed: 'confirmed_at',
  withdrawn: 'withdrawn_at',
};

type Problem = { field: string; messages: string[] };
const invalid = (problems: Problem[]) =>
  new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; '), problems);

/** A submission with its review figures (numbers as PostgreSQL prints them). */
export interface SubmissionReviewSummary {
  id: string;
  type: string;
  status: string;
  language: string;
  presentation: string | null;
  trackId: string | null;
  title: LocalizedText;
  submittedAt: Date | null;
  decidedAt: Date | null;
  speakerUserIds: string[];
  reviews: number;
  overallMean: string | null;
  overallMin: string | null;
  overallMax: string | null;
  criteria: Record<string, string> | null;
}

/** A nominated submission as awards show it. */
export interface NominatedSubmission {
  id: string;
  title: LocalizedText;
  type: string;
  status: SubmissionStatus;
  talkStartsAt: Date | null;
}

@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly cfp: CfpService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookOutboxService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly disclosures: DisclosuresService,
  ) {}

  /**
   * Under `block`, everyone named on the submission (co-speakers and invitees included) needs a
   * current disclosure (DISCLOSURE_MISSING). An invitee who has no account yet (matched by email)
   * cannot have disclosed and is named by email. Call it inside the transaction of the change.
   */
  async assertSpeakersDisclosed(em: EntityManager, eventId: string, submissionId: string): Promise<void> {
    const rows: { user_id: string | null; email: string }[] = await em.query(
      `SELECT COALESCE(ss.user_id, u.id) AS user_id, ss.email
         FROM submission_speakers ss LEFT JOIN users u ON ss.user_id IS NULL AND u.email = ss.email
        WHERE ss.event_id = $1 AND ss.submission_id = $2 ORDER BY ss.position`,
      [eventId, submissionId],
    );
    await this.disclosures.assertDisclosed(em, eventId, {
      userIds: rows.flatMap((r) => (r.user_id ? [r.user_id] : [])),
      emails: rows.flatMap((r) => (r.user_id ? [] : [r.email])),
    });
  }

  /** What awards show of nominated submissions: title, type, status, and when the talk is given (null: not placed). */
  nominated(eventId: string, submissionIds: string[]): Promise<NominatedSubmission[]> {
    return this.db.query(
      `SELECT s.id, s.title, s.type, s.status, k.starts_at AS "talkStartsAt"
         FROM submissions s LEFT JOIN talks k ON k.event_id = s.event_id AND k.submission_id = s.id
        WHERE s.event_id = $1 AND s.id = ANY($2::uuid[])`,
      [eventId, submissionIds],
    );
  }

  /** How many submissions the edition has per status (statistics). */
  countByStatus(eventId: string): Promise<KeyCount[]> {
    return this.db.query(`SELECT status AS key, count(*)::int AS count FROM submissions WHERE event_id = $1 GROUP BY status ORDER BY count(*) DESC, status`, [eventId]);
  }

  /** The accounts named on submissions placed as talks in the edition (their presenters). */
  async presenterUserIds(eventId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT DISTINCT ss.user_id FROM talks k JOIN submission_speakers ss ON ss.event_id = k.event_id AND ss.submission_id = k.submission_id
        WHERE k.event_id = $1 AND ss.user_id IS NOT NULL`,
      [eventId],
    );
    return rows.map((r) => r.user_id);
  }

  /** Every submission of the edition with its review figures, for the organisers' CSV (speakers: their accounts, in order). */
  reviewSummaries(eventId: string): Promise<SubmissionReviewSummary[]> {
    return this.db.query(
      `SELECT s.id, s.type, s.status, s.language, s.presentation, s.track_id AS "trackId", s.title, s.submitted_at AS "submittedAt", s.decided_at AS "decidedAt",
              coalesce((SELECT array_agg(ss.user_id ORDER BY ss.position) FROM submission_speakers ss
                         WHERE ss.event_id = s.event_id AND ss.submission_id = s.id AND ss.user_id IS NOT NULL), '{}') AS "speakerUserIds",
              (SELECT count(*)::int FROM reviews r WHERE r.event_id = s.event_id AND r.submission_id = s.id) AS reviews,
              (SELECT round(avg(r.overall), 3) FROM reviews r WHERE r.event_id = s.event_id AND r.submission_id = s.id) AS "overallMean",
              (SELECT min(r.overall) FROM reviews r WHERE r.event_id = s.event_id AND r.submission_id = s.id) AS "overallMin",
              (SELECT max(r.overall) FROM reviews r WHERE r.event_id = s.event_id AND r.submission_id = s.id) AS "overallMax",
              (SELECT jsonb_object_agg(k, m) FROM (SELECT c.key AS k, round(avg(c.value::numeric), 3)::text AS m
                 FROM reviews r, jsonb_each_text(r.scores) c WHERE r.event_id = s.event_id AND r.submission_id = s.id GROUP BY c.key) x) AS criteria
         FROM submissions s WHERE s.event_id = $1 ORDER BY s.created_at, s.id`,
      [eventId],
    );
  }

  /** The people named on a submission: their account (null: an invitee without one) and email. */
  speakersOf(eventId: string, submissionId: string): Promise<{ userId: string | null; email: string }[]> {
    return this.db.query(`SELECT user_id AS "userId", email FROM submission_speakers WHERE event_id = $1 AND submission_id = $2 ORDER BY position`, [eventId, submissionId]);
  }

  /** Has the person (by account or email) been named on any submission together with someone of `emails` (other than themselves)? */
  async sharesSubmission(userId: string, email: string, emails: string[]): Promise<boolean> {
    const [row] = await this.db.query(
      `SELECT 1 FROM submission_speakers mine JOIN submission_speakers other
           ON other.event_id = mine.event_id AND other.submission_id = mine.submission_id AND other.id <> mine.id
        WHERE (mine.user_id = $1 OR mine.email = $2) AND other.email = ANY($3::text[]) AND other.email <> $2 LIMIT 1`,
      [userId, email, emails],
    );
    return !!row;
  }

  // ---- speakers' routes ------------------------------------------------------------------

  async create(eventId: string, dto: CreateSubmissionDto, me: AuthUser): Promise<SubmissionResponseDto> {
    const now = this.clock.now();
    await this.access.requireVisible(me, eventId);
    const settings = await this.cfp.settings(eventId);
    this.cfp.requireOpen(settings, now);
    const minutes = this.checkContent(settings, dto.type, dto.requestedMinutes);
    return this.db.transaction(async (em) => {
      await this.checkTrack(em, eventId, dto.trackId);
      const coSpeakers = await this.resolveCoSpeakers(em, dto.coSpeakers ?? [], me);
      const status: SubmissionStatus = dto.submit ? 'submitted' : 'draft';
      const [row]: { id: string }[] = await em.query(
        `INSERT INTO submissions (event_id, track_id, type, title, abstract, keywords, requested_minutes, language, status, created_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $9 = 'submitted' THEN now() END) RETURNING id`,
        [eventId, dto.trackId ?? null, dto.type, JSON.stringify(dto.title), JSON.stringify(dto.abstract), JSON.stringify(dto.keywords ?? []), minutes, dto.language, status, me.id],
      );
      await em.query(
        `INSERT INTO submission_speakers (event_id, submission_id, user_id, email, is_primary, position) VALUES ($1, $2, $3, $4, true, 0)`,
        [eventId, row.id, me.id, normaliseEmail(me.email)],
      );
      await this.insertCoSpeakers(em, eventId, row.id, coSpeakers);
      if (status === 'submitted') await this.notify(em, row.id, 'submission.submitted');
      return toSubmissionResponse(await this.load(em, row.id));
    });
  }

  async listMine(eventId: string, me: AuthUser, q: { limit: number; offset: number }): Promise<Page<SubmissionResponseDto>> {
    const where = `WHERE s.event_id = $1 AND ${IS_SPEAKER('$2', '$3')}`;
    const params = [eventId, me.id, normaliseEmail(me.email)];
    const rows: SubmissionRow[] = await this.db.query(`${SUBMISSION_SELECT} ${where} ORDER BY s.created_at, s.id LIMIT ${q.limit} OFFSET ${q.offset}`, params);
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM submissions s ${where}`, params);
    return page(rows.map(toSubmissionResponse), count, q);
  }

  /** The submission's own speakers only; everyone else learns nothing of it (404). */
  async getOwn(id: string, me: AuthUser): Promise<SubmissionResponseDto> {
    return toSubmissionResponse(await this.loadOwn(this.db.manager, id, me));
  }

  async update(id: string, dto: UpdateSubmissionDto, me: AuthUser): Promise<SubmissionResponseDto> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const current = await this.loadOwn(em, id, me, true);
      if (!isEditable(current.status)) throw new DomainError('SUBMISSION_FROZEN', `A ${current.status} submission cannot be edited`, { status: current.status });
      const settings = await this.cfp.settings(current.event_id, em);
      this.cfp.requireOpen(settings, now);
      const type = dto.type ?? current.type;
      const minutes = this.checkContent(settings, type, dto.requestedMinutes ?? (dto.type ? undefined : current.requested_minutes));
      if (dto.trackId !== undefined) await this.checkTrack(em, current.event_id, dto.trackId);
      await em.query(
        `UPDATE submissions SET type = $2, track_id = $3, title = $4, abstract = $5, keywords = $6, requested_minutes = $7, language = $8, updated_at = now()
          WHERE id = $1`,
        [
          id,
          type,
          dto.trackId === undefined ? current.track_id : dto.trackId,
          JSON.stringify(dto.title ?? current.title),
          JSON.stringify(dto.abstract ?? current.abstract),
          JSON.stringify(dto.keywords ?? current.keywords),
          minutes,
          dto.language ?? current.language,
        ],
      );
      if (dto.coSpeakers) {
        const primary = current.speakers.find((s) => s.is_primary);
        const coSpeakers = await this.resolveCoSpeakers(em, dto.coSpeakers, { email: primary?.email ?? me.email });
        await em.query(`DELETE FROM submission_speakers WHERE event_id = $1 AND submission_id = $2 AND NOT is_primary`, [current.event_id, id]);
        await this.insertCoSpeakers(em, current.event_id, id, coSpeakers);
      }
      return toSubmissionResponse(await this.load(em, id));
    });
  }

  /** submit, confirm, withdraw: by the submission's speakers. */
  async transition(id: string, action: Extract<SubmissionAction, 'submit' | 'confirm' | 'withdraw'>, me: AuthUser): Promise<SubmissionResponseDto> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const current = await this.loadOwn(em, id, me);
      if (action === 'submit') this.cfp.requireOpen(await this.cfp.settings(current.event_id, em), now);
      const to = await this.claim(em, current, action);
      if (to === 'submitted') await this.notify(em, id, 'submission.submitted');
      return toSubmissionResponse(await this.load(em, id));
    });
  }

  // ---- reviewers, track chairs, organisers -------------------------------------------------

  async review(id: string, dto: ReviewDto, me: AuthUser): Promise<ReviewResponseDto> {
    return this.db.transaction(async (em) => {
      const sub = await this.loadForStaff(em, id, me, (a, s) => hasRole(a, 'reviewer') || this.chairs(a, s.track_id));
      if (sub.status !== 'submitted') throw new DomainError('NOT_UNDER_REVIEW', `A ${sub.status} submission takes no reviews`, { status: sub.status });
      const settings = await this.cfp.settings(sub.event_id, em);
      const keys = settings.criteria.map((c) => c.key);
      const problems: string[] = [];
      for (const k of keys) {
        const v = dto.scores[k];
        if (!Number.isInteger(v) || v < SCORE_MIN || v > SCORE_MAX) problems.push(`${k} needs an integer score ${SCORE_MIN}–${SCORE_MAX}`);
      }
      for (const k of Object.keys(dto.scores)) if (!keys.includes(k)) problems.push(`${k} is not a criterion of this edition (${keys.join(', ')})`);
      if (problems.length) throw invalid([{ field: 'scores', messages: problems }]);
      const scores = Object.fromEntries(keys.map((k) => [k, dto.scores[k]]));
      const overall = keys.reduce((sum, k) => sum + scores[k], 0) / keys.length;
      // One review per reviewer and submission (UNIQUE reviews_submission_reviewer_key): a second one revises it.
      const [row] = await em.query(
        `INSERT INTO reviews (event_id, submission_id, reviewer_id, scores, overall, comment) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id, submission_id, reviewer_id)
         DO UPDATE SET scores = EXCLUDED.scores, overall = EXCLUDED.overall, comment = EXCLUDED.comment, updated_at = now()
         RETURNING *`,
        [sub.event_id, id, me.id, JSON.stringify(scores), overall, dto.comment ?? null],
      );
      return toReviewResponse(row, sub.time_zone);
    });
  }

  async decide(id: string, dto: DecisionDto, me: AuthUser): Promise<StaffSubmissionResponseDto> {
    return this.db.transaction(async (em) => {
      let organiser = false;
      const sub = await this.loadForStaff(em, id, me, (a, s) => (organiser = hasRole(a, 'owner', 'organiser')) || this.chairs(a, s.track_id));
      const action = dto.decision === 'accept' ? 'accept' : 'reject';
      const presentation =
        action === 'accept' ? (dto.presentation ?? (sub.type === 'poster_abstract' ? 'poster' : sub.type.endsWith('abstract') ? 'oral' : null)) : null;
      // Under the `block` policy every speaker (co-speakers included) must have disclosed before acceptance.
      if (action === 'accept') await this.assertSpeakersDisclosed(em, sub.event_id, id);
      const to = await this.claim(em, sub, action, { presentation, decision_note: dto.note ?? null, decided_by: me.id });
      const after = await this.loadStaff(em, id);
      await this.audit.record(em, {
        eventId: sub.event_id,
        actorId: me.id,
        action: 'submission.decide',
        entityType: 'submission',
        entityId: id,
        before: { status: sub.status },
        after: { status: to, presentation, note: dto.note ?? null },
      });
      await this.webhooks.emit(em, sub.event_id, 'submission.decided', {
        submissionId: id,
        decision: to,
        presentation,
        type: sub.type,
        trackId: sub.track_id,
        title: sub.title,
      });
      await this.notify(em, id, to === 'accepted' ? 'submission.accepted' : 'submission.rejected');
      return organiser ? after : withoutEmails(after);
    });
  }

  /**
   * Organisers and reviewers see every non-draft submission; a track chair only those of their
   * tracks. Only owners and organisers see the speakers' email addresses (reviewing needs none).
   */
  async listForStaff(eventId: string, access: EditionAccess, q: ListSubmissionsQueryDto): Promise<Page<StaffSubmissionResponseDto>> {
    const params: unknown[] = [eventId];
    const conditions = [`s.event_id = $1`, `s.status <> 'draft'`];
    if (!hasRole(access, 'owner', 'organiser', 'reviewer')) {
      params.push(access.trackIds);
      conditions.push(`s.track_id = ANY($${params.length}::uuid[])`);
    }
    for (const [column, value] of [['track_id', q.trackId], ['type', q.type], ['status', q.status]] as const) {
      if (value === undefined) continue;
      params.push(value);
      conditions.push(`s.${column} = $${params.length}`);
    }
    const where = `WHERE ${conditions.join(' AND ')}`;
    const sort = q.sort ?? 'submittedAt';
    const column = { submittedAt: 'submitted_at', meanScore: 'mean_score', reviewCount: 'review_count' }[sort.replace(/^-/, '') as 'submittedAt'];
    const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
    const rows: SubmissionRow[] = await this.db.query(
      `SELECT * FROM (
         SELECT x.*, (SELECT avg(r.overall) FROM reviews r WHERE r.event_id = x.event_id AND r.submission_id = x.id) AS mean_score,
                (SELECT count(*)::int FROM reviews r WHERE r.event_id = x.event_id AND r.submission_id = x.id) AS review_count
           FROM (${SUBMISSION_SELECT} ${where}) x) y
        ORDER BY y.${column} ${direction} NULLS LAST, y.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM submissions s ${where}`, params);
    const organiser = hasRole(access, 'owner', 'organiser');
    return page(rows.map((r) => (organiser ? toStaffSubmissionResponse(r) : withoutEmails(toStaffSubmissionResponse(r)))), count, q);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Moves the submission by one action, deciding on the row it changed (never on an earlier read). */
  private async claim(em: EntityManager, current: SubmissionRow, action: SubmissionAction, extra: Record<string, unknown> = {}): Promise<SubmissionStatus> {
    const to = nextStatus(current.status, action, { scheduled: current.scheduled_at !== null });
    const refuse = () =>
      new DomainError('INVALID_TRANSITION', `A ${current.status} submission cannot ${action}${current.scheduled_at ? ' (it is scheduled)' : ''}`, {
        from: current.status,
        action,
        scheduled: current.scheduled_at !== null,
      });
    if (!to) throw refuse();
    const sets = ['status = $2', 'updated_at = now()', `${TIMESTAMP_OF[to]} = now()`];
    const params: unknown[] = [current.id, to, statusesAllowing(action)];
    for (const [k, v] of Object.entries(extra)) {
      params.push(v);
      sets.push(`${k} = $${params.length}`);
    }
    const [changed]: [unknown[], number] = await em.query(
      `UPDATE submissions SET ${sets.join(', ')} WHERE id = $1 AND status = ANY($3::text[]) ${action === 'withdraw' ? 'AND scheduled_at IS NULL' : ''} RETURNING id`,
      params,
    );
    if (!changed.length) throw refuse();
    return to;
  }

  private chairs(access: EditionAccess, trackId: string | null): boolean {
    return access.roles.includes('track_chair') && trackId !== null && access.trackIds.includes(trackId);
  }

  /**
   * A submission for a staff action. No standing in the edition (or a draft): 404. A role that does
   * not allow this (e.g. a track chair outside their track): 403. One's own submission: 403 OWN_SUBMISSION.
   */
  private async loadForStaff(em: EntityManager, id: string, me: AuthUser, allowed: (a: EditionAccess, s: SubmissionRow) => boolean): Promise<SubmissionRow> {
    const [sub]: SubmissionRow[] = await em.query(`${SUBMISSION_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
    if (!sub || sub.status === 'draft') throw notFound('Submission');
    const access = await this.access.accessTo(me, sub.event_id);
    if (!allowed(access, sub)) {
      if (access.roles.length || access.isAdmin) throw new DomainError('FORBIDDEN', 'Your roles in this edition do not cover this submission');
      throw notFound('Submission');
    }
    const email = normaliseEmail(me.email);
    if (sub.speakers.some((s) => s.user_id === me.id || s.email === email)) {
      throw new DomainError('OWN_SUBMISSION', 'You are a speaker of this submission');
    }
    return sub;
  }

  private async load(em: EntityManager, id: string): Promise<SubmissionRow> {
    const [row]: SubmissionRow[] = await em.query(`${SUBMISSION_SELECT} WHERE s.id = $1`, [id]);
    if (!row) throw notFound('Submission');
    return row;
  }

  private async loadStaff(em: EntityManager, id: string): Promise<StaffSubmissionResponseDto> {
    const [row]: SubmissionRow[] = await em.query(
      `SELECT x.*, (SELECT avg(overall) FROM reviews r WHERE r.event_id = x.event_id AND r.submission_id = x.id) AS mean_score,
              (SELECT count(*)::int FROM reviews r WHERE r.event_id = x.event_id AND r.submission_id = x.id) AS review_count
         FROM (${SUBMISSION_SELECT} WHERE s.id = $1) x`,
      [id],
    );
    return toStaffSubmissionResponse(row);
  }

  private async loadOwn(em: EntityManager, id: string, me: AuthUser, lock = false): Promise<SubmissionRow> {
    const [row]: SubmissionRow[] = await em.query(
      `${SUBMISSION_SELECT} WHERE s.id = $1 AND ${IS_SPEAKER('$2', '$3')} ${lock ? 'FOR UPDATE OF s' : ''}`,
      [id, me.id, normaliseEmail(me.email)],
    );
    if (!row) throw notFound('Submission');
    return row;
  }

  /** The type must be open in this edition and the duration within its maximum; returns the duration. */
  private checkContent(settings: CfpSettings, type: CreateSubmissionDto['type'], requested: number | undefined): number {
    const t = this.cfp.typeSetting(settings, type);
    if (!t.enabled) throw invalid([{ field: 'type', messages: [`${type} is not open for submissions in this edition`] }]);
    const minutes = requested ?? t.defaultMinutes;
    if (minutes > t.maxMinutes) throw invalid([{ field: 'requestedMinutes', messages: [`a ${type} lasts at most ${t.maxMinutes} minutes`] }]);
    return minutes;
  }

  private async checkTrack(em: EntityManager, eventId: string, trackId: string | null | undefined) {
    if (!trackId) return;
    const rows = await em.query(`SELECT 1 FROM tracks WHERE event_id = $1 AND id = $2`, [eventId, trackId]);
    if (!rows.length) throw invalid([{ field: 'trackId', messages: ['no such track in this edition'] }]);
  }

  /** Existing accounts (by id or email) or invitations (email only); without the primary speaker and duplicates. */
  private async resolveCoSpeakers(em: EntityManager, list: CoSpeakerDto[], primary: { email: string }) {
    const out = new Map<string, string | null>();
    const primaryEmail = normaliseEmail(primary.email);
    for (const c of list) {
      let userId: string | null = null;
      let email: string;
      if (c.userId) {
        const [u]: { id: string; email: string }[] = await em.query(`SELECT id, email FROM users WHERE id = $1`, [c.userId]);
        if (!u) throw invalid([{ field: 'coSpeakers', messages: [`no account ${c.userId}`] }]);
        userId = u.id;
        email = u.email;
      } else {
        email = normaliseEmail(c.email!);
        const [u]: { id: string }[] = await em.query(`SELECT id FROM users WHERE email = $1`, [email]);
        userId = u?.id ?? null;
      }
      if (email !== primaryEmail) out.set(email, userId);
    }
    return [...out].map(([email, userId]) => ({ email, userId }));
  }

  private async insertCoSpeakers(em: EntityManager, eventId: string, submissionId: string, list: { email: string; userId: string | null }[]) {
    for (const [i, c] of list.entries()) {
      await em.query(
        `INSERT INTO submission_speakers (event_id, submission_id, user_id, email, is_primary, position) VALUES ($1, $2, $3, $4, false, $5)`,
        [eventId, submissionId, c.userId, c.email, i + 1],
      );
    }
  }

  /** Writes a message for every registered speaker of the submission to the outbox (same transaction). */
  async notify(em: EntityManager, submissionId: string, template: string, extra: Record<string, unknown> = {}) {
    const sub = await this.load(em, submissionId);
    const [event]: { title: unknown }[] = await em.query(`SELECT title FROM events WHERE id = $1`, [sub.event_id]);
    const userIds = [...new Set(sub.speakers.map((s) => s.user_id).filter((u): u is string => !!u))];
    await this.notifications.enqueue(
      em,
      ...userIds.map((userId) => ({
        template,
        userId,
        eventId: sub.event_id,
        payload: {
          submissionId,
          title: sub.title,
          eventTitle: event.title,
          type: sub.type,
          presentation: sub.presentation,
          note: sub.decision_note,
          ...extra,
        },
      })),
    );
  }
}
