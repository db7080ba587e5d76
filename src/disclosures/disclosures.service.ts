import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { toLocalIso } from '../common/time/local-time.js';
import { disclosureStatement, validUntil } from './disclosure-statement.js';
import type { FinancialRelationship } from './disclosure.entity.js';
import type { DisclosureResponseDto, MissingDisclosuresResponseDto, MissingPersonDto, PutDisclosureDto } from './disclosures.dto.js';

interface DisclosureRow {
  speaker_id: string;
  nothing_to_disclose: boolean;
  relationships: FinancialRelationship[];
  disclosed_at: Date;
  valid_until: Date;
}

/** Who is involved, by speaker profile or by account. */
export interface People {
  speakerIds?: string[];
  userIds?: string[];
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
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The caller's speaker profile, created from their account when they have none yet. */
  async speakerIdOf(em: EntityManager, user: AuthUser): Promise<string> {
    await em.query(
      `INSERT INTO speakers (user_id, name) VALUES ($1, jsonb_build_object('en', $2::text)) ON CONFLICT (user_id) DO NOTHING`,
      [user.id, user.name],
    );
    const [row]: { id: string }[] = await em.query(`SELECT id FROM speakers WHERE user_id = $1`, [user.id]);
    return row.id;
  }

  async getMine(eventId: string, user: AuthUser): Promise<DisclosureResponseDto> {
    const [row]: DisclosureRow[] = await this.db.query(
      `SELECT d.speaker_id, d.nothing_to_disclose, d.relationships, d.disclosed_at, d.valid_until
         FROM disclosures d JOIN speakers s ON s.id = d.speaker_id WHERE d.event_id = $1 AND s.user_id = $2`,
      [eventId, user.id],
    );
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
      const [speaker]: { user_id: string | null }[] = await em.query(`SELECT user_id FROM speakers WHERE id = $1 FOR SHARE`, [speakerId]);
      if (!speaker) throw notFound('Speaker');
      if (speaker.user_id !== null) {
        throw new DomainError('SPEAKER_HAS_ACCOUNT', 'This person has an account and makes their own disclosure; organisers enter disclosures only for faculty without one');
      }
      const [previous]: DisclosureRow[] = await em.query(
        `SELECT speaker_id, nothing_to_disclose, relationships, disclosed_at, valid_until FROM disclosures WHERE event_id = $1 AND speaker_id = $2`,
        [eventId, speakerId],
      );
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
    const [row]: DisclosureRow[] = await em.query(
      `INSERT INTO disclosures (event_id, speaker_id, nothing_to_disclose, relationships, disclosed_at, valid_until, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (event_id, speaker_id) DO UPDATE SET nothing_to_disclose = EXCLUDED.nothing_to_disclose,
         relationships = EXCLUDED.relationships, disclosed_at = EXCLUDED.disclosed_at, valid_until = EXCLUDED.valid_until,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING speaker_id, nothing_to_disclose, relationships, disclosed_at, valid_until`,
      [eventId, speakerId, dto.nothingToDisclose, JSON.stringify(relationships), now, validUntil(now), by],
    );
    return this.toResponse(row);
  }

  /**
   * Refuses (DISCLOSURE_MISSING, naming who) when the edition blocks and anyone involved has no
   * current disclosure. Call it inside the transaction of the change it guards.
   */
  async assertDisclosed(em: EntityManager, eventId: string, people: People): Promise<void> {
    const [edition]: { disclosure_policy: 'block' | 'flag' }[] = await em.query(`SELECT disclosure_policy FROM events WHERE id = $1`, [eventId]);
    if (edition?.disclosure_policy !== 'block') return;
    const missing = await this.missingAmong(em, eventId, people);
    if (missing.length) {
      const names = missing.map((m) => m.name.en ?? m.name.zh).join(', ');
      throw new DomainError('DISCLOSURE_MISSING', `No current conflict-of-interest disclosure from: ${names}`, missing);
    }
  }

  /**
   * The same refusal for everyone named on a submission, co-speakers included. An invitee who has no
   * account yet (matched by email) cannot have disclosed: they are named by email.
   */
  async assertSubmissionDisclosed(em: EntityManager, eventId: string, submissionId: string): Promise<void> {
    const [edition]: { disclosure_policy: 'block' | 'flag' }[] = await em.query(`SELECT disclosure_policy FROM events WHERE id = $1`, [eventId]);
    if (edition?.disclosure_policy !== 'block') return;
    const rows: { user_id: string | null; email: string }[] = await em.query(
      `SELECT COALESCE(ss.user_id, u.id) AS user_id, ss.email
         FROM submission_speakers ss LEFT JOIN users u ON ss.user_id IS NULL AND u.email = ss.email
        WHERE ss.event_id = $1 AND ss.submission_id = $2 ORDER BY ss.position`,
      [eventId, submissionId],
    );
    const userIds = rows.filter((r) => r.user_id).map((r) => r.user_id!);
    const missing: MissingPersonDto[] = [
      ...(await this.missingAmong(em, eventId, { userIds })),
      ...rows.filter((r) => !r.user_id).map((r): MissingPersonDto => ({ speakerId: '', name: { en: r.email }, roles: ['speaker'], reason: 'none' })),
    ];
    if (missing.length) {
      const names = missing.map((m) => m.name.en ?? m.name.zh).join(', ');
      throw new DomainError('DISCLOSURE_MISSING', `No current conflict-of-interest disclosure from: ${names}`, missing);
    }
  }

  /** People (by profile or account) without a current disclosure for the edition. */
  async missingAmong(em: EntityManager, eventId: string, people: People): Promise<MissingPersonDto[]> {
    const rows: { speaker_id: string | null; user_id: string | null; name: LocalizedText; reason: 'none' | 'expired' }[] = await em.query(
      `WITH involved AS (
         SELECT s.id AS speaker_id, s.user_id, s.name FROM speakers s WHERE s.id = ANY($2::uuid[])
         UNION
         SELECT s.id, u.id, coalesce(s.name, jsonb_build_object('en', u.name)) FROM users u LEFT JOIN speakers s ON s.user_id = u.id
          WHERE u.id = ANY($3::uuid[]))
       SELECT i.speaker_id, i.user_id, i.name, CASE WHEN d.id IS NULL THEN 'none' ELSE 'expired' END AS reason
         FROM involved i LEFT JOIN disclosures d ON d.event_id = $1 AND d.speaker_id = i.speaker_id
        WHERE d.id IS NULL OR d.valid_until <= $4`,
      [eventId, people.speakerIds ?? [], people.userIds ?? [], this.clock.now()],
    );
    return rows.map((r) => ({ speakerId: r.speaker_id ?? '', ...(r.user_id ? { userId: r.user_id } : {}), name: r.name, roles: [], reason: r.reason }));
  }

  /** Who still owes a disclosure, per session (people in any role) and among reviewers. */
  async missing(eventId: string): Promise<MissingDisclosuresResponseDto> {
    const now = this.clock.now();
    const [edition]: { disclosure_policy: 'block' | 'flag'; time_zone: string }[] = await this.db.query(
      `SELECT disclosure_policy, time_zone FROM events WHERE id = $1`,
      [eventId],
    );
    const sessions: { session_id: string; title: LocalizedText; starts_at: Date; missing: MissingPersonDto[] }[] = await this.db.query(
      `SELECT se.id AS session_id, se.title, se.starts_at,
              json_agg(json_build_object('speakerId', p.speaker_id, 'name', s.name, 'roles', p.roles,
                                         'reason', CASE WHEN d.id IS NULL THEN 'none' ELSE 'expired' END) ORDER BY s.name->>'en') AS missing
         FROM (SELECT session_id, speaker_id, array_agg(DISTINCT role ORDER BY role) AS roles
                 FROM session_people WHERE event_id = $1 GROUP BY session_id, speaker_id) p
         JOIN sessions se ON se.event_id = $1 AND se.id = p.session_id
         JOIN speakers s ON s.id = p.speaker_id
         LEFT JOIN disclosures d ON d.event_id = $1 AND d.speaker_id = p.speaker_id
        WHERE d.id IS NULL OR d.valid_until <= $2
        GROUP BY se.id
        ORDER BY se.starts_at, se.id`,
      [eventId, now],
    );
    const reviewers: MissingPersonDto[] = await this.db.query(
      `SELECT coalesce(s.id::text, '') AS "speakerId", coalesce(s.name, jsonb_build_object('en', u.name)) AS name,
              ARRAY['reviewer'] AS roles, CASE WHEN d.id IS NULL THEN 'none' ELSE 'expired' END AS reason
         FROM event_members m JOIN users u ON u.id = m.user_id
         LEFT JOIN speakers s ON s.user_id = u.id
         LEFT JOIN disclosures d ON d.event_id = $1 AND d.speaker_id = s.id
        WHERE m.event_id = $1 AND m.role = 'reviewer' AND (d.id IS NULL OR d.valid_until <= $2)
        ORDER BY u.name`,
      [eventId, now],
    );
    return {
      policy: edition.disclosure_policy,
      sessions: sessions.map((r) => ({ sessionId: r.session_id, title: r.title, startsAt: toLocalIso(r.starts_at, edition.time_zone)!, missing: r.missing })),
      reviewers,
    };
  }

  /** The statement to show beside each person's name (one query for any number of people). */
  async statements(eventId: string, speakerIds: string[]): Promise<Map<string, string>> {
    const rows: DisclosureRow[] = await this.db.query(
      `SELECT speaker_id, nothing_to_disclose, relationships, disclosed_at, valid_until
         FROM disclosures WHERE event_id = $1 AND speaker_id = ANY($2::uuid[]) AND valid_until > $3`,
      [eventId, speakerIds, this.clock.now()],
    );
    const found = new Map(rows.map((r) => [r.speaker_id, disclosureStatement({ nothingToDisclose: r.nothing_to_disclose, relationships: r.relationships })]));
    return new Map(speakerIds.map((id) => [id, found.get(id) ?? disclosureStatement(null)]));
  }

  private toResponse(r: DisclosureRow): DisclosureResponseDto {
    const statement = disclosureStatement({ nothingToDisclose: r.nothing_to_disclose, relationships: r.relationships });
    return {
      speakerId: r.speaker_id,
      nothingToDisclose: r.nothing_to_disclose,
      relationships: r.relationships,
      statement,
      disclosedAt: r.disclosed_at.toISOString(),
      validUntil: r.valid_until.toISOString(),
      current: r.valid_until > this.clock.now(),
    };
  }
}
