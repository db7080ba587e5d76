import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { SqlRepository } from '../database/sql-repository.js';
import type { PrintedCertificate } from './certificate-content.js';
import type { CmeAccreditationEntity } from './cme-accreditation.entity.js';
import type { CmeCertificateEntity } from './cme-certificate.entity.js';
import type { CmeSignatoryEntity } from './cme-signatory.entity.js';

export type AccreditationRow = Omit<CmeAccreditationEntity, 'updatedAt'>;
export type SignatoryRow = Pick<CmeSignatoryEntity, 'position' | 'name' | 'title' | 'signature'>;
export type CertificateRow = Pick<CmeCertificateEntity, 'id' | 'eventId' | 'userId' | 'code' | 'status' | 'printed' | 'name' | 'totalHours' | 'issuedAt' | 'revokedAt'> & {
  /** When the successor was issued (superseded certificates). */
  supersededAt: Date | null;
};

/** A session's credit facts, for the maximum credits of an edition. */
export interface CreditSessionRow {
  kind: string;
  startsAt: Date;
  endsAt: Date;
  creditHours: string | null;
}

/** What a certificate prints about its edition. */
export interface CertificateEditionRow {
  title: LocalizedText;
  startsOn: string;
  endsOn: string;
  city: string | null;
  venue: string | null;
  timeZone: string;
}

const CERTIFICATE = `c.id, c.event_id AS "eventId", c.user_id AS "userId", c.code, c.status, c.printed, c.name, c.total_hours AS "totalHours",
  c.issued_at AS "issuedAt", c.revoked_at AS "revokedAt", s.issued_at AS "supersededAt"`;

/** The cme module's SQL for accreditation settings, signatories and certificates. */
@Injectable()
export class CmeRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  async accreditation(eventId: string, em?: EntityManager): Promise<AccreditationRow | undefined> {
    return this.first<AccreditationRow>(
      `SELECT event_id AS "eventId", accrediting_body AS "accreditingBody", provider, activity_number AS "activityNumber",
              credit_category AS "creditCategory", statement, logo
         FROM cme_accreditations WHERE event_id = $1`,
      [eventId],
      em,
    );
  }

  /** Writes the settings; `logo` undefined keeps the stored logo. */
  async putAccreditation(row: Omit<AccreditationRow, 'logo'> & { logo: Buffer | null | undefined }, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO cme_accreditations (event_id, accrediting_body, provider, activity_number, credit_category, statement, logo)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (event_id) DO UPDATE SET accrediting_body = EXCLUDED.accrediting_body, provider = EXCLUDED.provider,
         activity_number = EXCLUDED.activity_number, credit_category = EXCLUDED.credit_category, statement = EXCLUDED.statement,
         logo = CASE WHEN $8 THEN cme_accreditations.logo ELSE EXCLUDED.logo END, updated_at = now()`,
      [
        row.eventId,
        JSON.stringify(row.accreditingBody),
        JSON.stringify(row.provider),
        row.activityNumber,
        JSON.stringify(row.creditCategory),
        JSON.stringify(row.statement),
        row.logo ?? null,
        row.logo === undefined,
      ],
      em,
    );
  }

  async signatories(eventId: string, em?: EntityManager): Promise<SignatoryRow[]> {
    return this.rows<SignatoryRow>(`SELECT position, name, title, signature FROM cme_signatories WHERE event_id = $1 ORDER BY position`, [eventId], em);
  }

  async replaceSignatories(eventId: string, rows: SignatoryRow[], em: EntityManager): Promise<void> {
    await this.rows(`DELETE FROM cme_signatories WHERE event_id = $1`, [eventId], em);
    for (const r of rows) {
      await this.rows(`INSERT INTO cme_signatories (event_id, position, name, title, signature) VALUES ($1, $2, $3, $4, $5)`, [
        eventId,
        r.position,
        JSON.stringify(r.name),
        JSON.stringify(r.title),
        r.signature,
      ], em);
    }
  }

  /** Every session of the edition with its credit facts (the maximum credits add them up). */
  async creditSessions(eventId: string, em?: EntityManager): Promise<CreditSessionRow[]> {
    return this.rows<CreditSessionRow>(
      `SELECT s.kind, s.starts_at AS "startsAt", s.ends_at AS "endsAt", c.credit_hours AS "creditHours"
         FROM sessions s LEFT JOIN session_cme c ON c.event_id = s.event_id AND c.session_id = s.id
        WHERE s.event_id = $1`,
      [eventId],
      em,
    );
  }

  /** The bilingual title and format of the given sessions. */
  async sessionFacts(eventId: string, ids: string[], em?: EntityManager): Promise<{ id: string; title: LocalizedText; format: string }[]> {
    return this.rows(`SELECT id, title, format FROM sessions WHERE event_id = $1 AND id = ANY($2)`, [eventId, ids], em);
  }

  async certificateEdition(eventId: string, em?: EntityManager): Promise<CertificateEditionRow | undefined> {
    return this.first<CertificateEditionRow>(
      `SELECT title, starts_on::text AS "startsOn", ends_on::text AS "endsOn", city, venue, time_zone AS "timeZone" FROM events WHERE id = $1`,
      [eventId],
      em,
    );
  }

  /** The account's name and, when it has a speaker profile, the profile's bilingual name. */
  async personNames(userId: string, em?: EntityManager): Promise<{ accountName: string; profile: LocalizedText | null } | undefined> {
    return this.first(`SELECT u.name AS "accountName", sp.name AS profile FROM users u LEFT JOIN speakers sp ON sp.user_id = u.id WHERE u.id = $1`, [userId], em);
  }

  /** The person's registration mode in the edition (confirmed), for how they took part in hybrid sessions. */
  async registrationMode(eventId: string, userId: string, em?: EntityManager): Promise<'in_person' | 'online' | undefined> {
    const row = await this.first<{ mode: 'in_person' | 'online' }>(
      `SELECT mode FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed' ORDER BY created_at DESC LIMIT 1`,
      [eventId, userId],
      em,
    );
    return row?.mode;
  }

  /** The person's current certificate in the edition, else the newest revoked one, else the newest superseded one. */
  async latestCertificate(eventId: string, userId: string, em?: EntityManager): Promise<CertificateRow | undefined> {
    return this.first<CertificateRow>(
      `SELECT ${CERTIFICATE} FROM cme_certificates c LEFT JOIN cme_certificates s ON s.id = c.superseded_by
        WHERE c.event_id = $1 AND c.user_id = $2
        ORDER BY array_position(ARRAY['issued', 'revoked', 'superseded'], c.status), c.issued_at DESC, c.id LIMIT 1`,
      [eventId, userId],
      em,
    );
  }

  async certificateByCode(code: string, em?: EntityManager, lock = false): Promise<CertificateRow | undefined> {
    return this.first<CertificateRow>(
      `SELECT ${CERTIFICATE} FROM cme_certificates c LEFT JOIN cme_certificates s ON s.id = c.superseded_by WHERE c.code = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [code],
      em,
    );
  }

  /**
   * Issues a certificate unless the person already holds a current one (the partial unique index
   * `cme_certificates_user_key` decides a race): true when this call issued it.
   */
  async issue(row: { id: string; eventId: string; userId: string; code: string; printed: PrintedCertificate; issuedAt: Date }, em?: EntityManager): Promise<boolean> {
    const inserted = await this.rows(
      `INSERT INTO cme_certificates (id, event_id, user_id, code, name, total_hours, issued_at, status, printed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'issued', $8)
       ON CONFLICT (event_id, user_id) WHERE status = 'issued' DO NOTHING RETURNING id`,
      [row.id, row.eventId, row.userId, row.code, row.printed.name.join(' '), row.printed.totalCredits, row.issuedAt, JSON.stringify(row.printed)],
      em,
    );
    return inserted.length > 0;
  }

  /** Revokes a current certificate of the edition (the caller holds its row lock): false when it is not current. */
  async revoke(eventId: string, code: string, reason: string, at: Date, em?: EntityManager): Promise<boolean> {
    return (
      (await this.affected(
        `UPDATE cme_certificates SET status = 'revoked', revoked_at = $4, revoked_reason = $3 WHERE event_id = $1 AND code = $2 AND status = 'issued'`,
        [eventId, code, reason, at],
        em,
      )) > 0
    );
  }

  /** Marks a certificate superseded by its successor (issued in the same transaction; the foreign key is checked at commit). */
  async supersede(id: string, successorId: string, em: EntityManager): Promise<void> {
    await this.affected(`UPDATE cme_certificates SET status = 'superseded', superseded_by = $2 WHERE id = $1`, [id, successorId], em);
  }
}
