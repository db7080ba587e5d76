import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { hasRole } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { pick, type LocalizedText } from '../common/i18n/localized-text.js';
import { localDay, toLocalIso } from '../common/time/local-time.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { fillStatement, nameLines, printedDates, verificationUrl, type PrintedCertificate } from './certificate-content.js';
import { LOGO_MAX_BYTES, SIGNATURE_MAX_BYTES, toPng } from './certificate-images.js';
import { renderCertificate } from './certificate-pdf.js';
import { defaultCreditHours, maxCredits, modeAdmits, sessionRunning } from './cme-credits.js';
import type {
  AccreditationResponseDto,
  AttendanceResponseDto,
  CertificateVerificationDto,
  ClaimAttendanceDto,
  PutAccreditationDto,
  SessionCmeResponseDto,
  TranscriptResponseDto,
} from './cme.dto.js';
import { CmeRepository, type CertificateRow } from './cme.repository.js';

interface SessionRow {
  id: string;
  event_id: string;
  kind: string;
  format: string;
  title: LocalizedText;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  cme_claims_close_at: Date | null;
  credit_hours: string | null;
  attendance_code: string | null;
  code_rotated_at: Date | null;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const randomCode = (length: number) => Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/**
 * CME credits: hours per session (set or derived), attendance claimed by code (the attendee, while
 * the session runs) or by ticket scan (organisers, the session's chairs and moderators), both for a
 * confirmed registration whose mode admits the session; transcripts and verifiable certificates.
 */
@Injectable()
export class CmeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repo: CmeRepository,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.publicBaseUrl = config.get('PUBLIC_BASE_URL', { infer: true });
  }

  private readonly publicBaseUrl: string;

  private async session(em: EntityManager | DataSource, sessionId: string): Promise<SessionRow> {
    const [s]: SessionRow[] = await em.query(
      `SELECT s.id, s.event_id, s.kind, s.format, s.title, s.starts_at, s.ends_at, e.time_zone, e.cme_claims_close_at,
              c.credit_hours, c.attendance_code, c.code_rotated_at
         FROM sessions s JOIN events e ON e.id = s.event_id
         LEFT JOIN session_cme c ON c.event_id = s.event_id AND c.session_id = s.id
        WHERE s.id = $1`,
      [sessionId],
    );
    if (!s) throw notFound('Session');
    return s;
  }

  private hours(s: Pick<SessionRow, 'kind' | 'starts_at' | 'ends_at' | 'credit_hours'>): number {
    return s.credit_hours !== null ? Number(s.credit_hours) : defaultCreditHours(s.kind, s.starts_at, s.ends_at);
  }

  /** The session's CME settings, with its attendance code (made on first read). */
  async settings(sessionId: string): Promise<SessionCmeResponseDto> {
    const s = await this.session(this.db, sessionId);
    if (!s.attendance_code) {
      await this.db.query(
        `INSERT INTO session_cme (event_id, session_id, attendance_code) VALUES ($1, $2, $3) ON CONFLICT (event_id, session_id) DO NOTHING`,
        [s.event_id, s.id, randomCode(6)],
      );
      return this.settings(sessionId);
    }
    return {
      sessionId: s.id,
      creditHours: this.hours(s),
      custom: s.credit_hours !== null,
      attendanceCode: s.attendance_code,
      codeRotatedAt: s.code_rotated_at!.toISOString(),
    };
  }

  async setCredits(sessionId: string, creditHours: number | null, me: AuthUser): Promise<SessionCmeResponseDto> {
    if (creditHours !== null && Math.round(creditHours * 4) !== creditHours * 4) {
      throw new DomainError('VALIDATION_FAILED', 'creditHours: must be in quarter hours', [{ field: 'creditHours', messages: ['must be in quarter hours'] }]);
    }
    await this.db.transaction(async (em) => {
      const s = await this.session(em, sessionId);
      await em.query(
        `INSERT INTO session_cme (event_id, session_id, credit_hours, attendance_code) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id, session_id) DO UPDATE SET credit_hours = EXCLUDED.credit_hours, updated_at = now()`,
        [s.event_id, s.id, creditHours, randomCode(6)],
      );
      await this.audit.record(em, {
        eventId: s.event_id,
        actorId: me.id,
        action: 'session.cme',
        entityType: 'session',
        entityId: s.id,
        before: { creditHours: s.credit_hours === null ? null : Number(s.credit_hours) },
        after: { creditHours },
      });
    });
    return this.settings(sessionId);
  }

  /** A new attendance code: the old one stops working at once. */
  async rotateCode(sessionId: string, me: AuthUser): Promise<SessionCmeResponseDto> {
    await this.db.transaction(async (em) => {
      const s = await this.session(em, sessionId);
      await em.query(
        `INSERT INTO session_cme (event_id, session_id, attendance_code, code_rotated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id, session_id) DO UPDATE SET attendance_code = EXCLUDED.attendance_code, code_rotated_at = EXCLUDED.code_rotated_at, updated_at = now()`,
        [s.event_id, s.id, randomCode(6), this.clock.now()],
      );
      await this.audit.record(em, { eventId: s.event_id, actorId: me.id, action: 'session.cme.rotate_code', entityType: 'session', entityId: s.id });
    });
    return this.settings(sessionId);
  }

  async claim(sessionId: string, dto: ClaimAttendanceDto, me: AuthUser): Promise<AttendanceResponseDto> {
    if ((dto.code === undefined) === (dto.ticketToken === undefined)) {
      const message = 'give either code or ticketToken';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'code', messages: [message] }]);
    }
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const s = await this.session(em, sessionId);
      const access = await this.access.accessTo(me, s.event_id);
      let userId: string;
      let registration: { user_id: string; mode: string } | undefined;
      if (dto.ticketToken !== undefined) {
        // Organisers, and the session's own chairs and moderators, scan tickets.
        const [staff] = await em.query(
          `SELECT 1 FROM session_people p JOIN speakers sp ON sp.id = p.speaker_id
            WHERE p.event_id = $1 AND p.session_id = $2 AND sp.user_id = $3 AND p.role IN ('chair', 'moderator') LIMIT 1`,
          [s.event_id, s.id, me.id],
        );
        if (!staff && !hasRole(access, 'owner', 'organiser')) {
          throw new DomainError('FORBIDDEN', 'Only organisers and the session’s chairs and moderators scan tickets');
        }
        this.assertOpen(s, now);
        [registration] = await em.query(`SELECT user_id, mode FROM registrations WHERE event_id = $1 AND ticket_token = $2 AND status = 'confirmed'`, [
          s.event_id,
          dto.ticketToken,
        ]);
        if (!registration) throw new DomainError('NOT_ADMITTED', 'No confirmed registration holds this ticket');
        userId = registration.user_id;
      } else {
        this.assertOpen(s, now);
        if (!s.attendance_code || s.attendance_code !== dto.code!.trim().toUpperCase()) {
          throw new DomainError('ATTENDANCE_CODE_INVALID', 'This is not the session’s current attendance code');
        }
        [registration] = await em.query(`SELECT user_id, mode FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed'`, [s.event_id, me.id]);
        if (!registration) throw new DomainError('NOT_ADMITTED', 'You have no confirmed registration for this edition');
        userId = me.id;
      }
      if (!modeAdmits(registration.mode, s.format)) {
        throw new DomainError('NOT_ADMITTED', `An ${registration.mode} registration does not admit a ${s.format} session`, { mode: registration.mode, format: s.format });
      }
      // The UNIQUE constraint cme_attendance_once_key decides a race; ON CONFLICT reads it as "already claimed".
      const [row]: { id: string; claimed_at: Date }[] = await em.query(
        `INSERT INTO cme_attendance (event_id, session_id, user_id, method, recorded_by, claimed_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id, session_id, user_id) DO NOTHING RETURNING id, claimed_at`,
        [s.event_id, s.id, userId, dto.ticketToken !== undefined ? 'ticket' : 'code', me.id, now],
      );
      if (!row) throw new DomainError('ALREADY_CLAIMED', 'Attendance of this session is already recorded for this attendee');
      return {
        id: row.id,
        sessionId: s.id,
        userId,
        method: dto.ticketToken !== undefined ? 'ticket' : 'code',
        creditHours: this.hours(s),
        claimedAt: toLocalIso(row.claimed_at, s.time_zone)!,
      };
    });
  }

  private assertOpen(s: SessionRow, now: Date) {
    if (!sessionRunning(s.starts_at, s.ends_at, now) || (s.cme_claims_close_at && s.cme_claims_close_at <= now)) {
      throw new DomainError('ATTENDANCE_CLOSED', 'Attendance can only be claimed while the session runs', {
        startsAt: toLocalIso(s.starts_at, s.time_zone),
        endsAt: toLocalIso(s.ends_at, s.time_zone),
      });
    }
  }

  async transcript(eventId: string, me: AuthUser): Promise<TranscriptResponseDto> {
    const [edition]: { id: string; time_zone: string; cme_claims_close_at: Date | null }[] = await this.db.query(
      `SELECT id, time_zone, cme_claims_close_at FROM events WHERE id = $1`,
      [eventId],
    );
    if (!edition) throw notFound('Edition');
    const rows: (SessionRow & { method: string; claimed_at: Date })[] = await this.db.query(
      `SELECT s.id, s.kind, s.format, s.title, s.starts_at, s.ends_at, c.credit_hours, a.method, a.claimed_at
         FROM cme_attendance a JOIN sessions s ON s.event_id = a.event_id AND s.id = a.session_id
         LEFT JOIN session_cme c ON c.event_id = s.event_id AND c.session_id = s.id
        WHERE a.event_id = $1 AND a.user_id = $2 ORDER BY s.starts_at, s.id`,
      [eventId, me.id],
    );
    const sessions = rows.map((r) => ({
      sessionId: r.id,
      title: pick(r.title, 'en'),
      startsAt: toLocalIso(r.starts_at, edition.time_zone)!,
      endsAt: toLocalIso(r.ends_at, edition.time_zone)!,
      creditHours: this.hours(r),
      method: r.method,
      claimedAt: toLocalIso(r.claimed_at, edition.time_zone)!,
    }));
    return {
      eventId,
      sessions,
      totalHours: sessions.reduce((sum, s) => sum + s.creditHours, 0),
      claimsClosed: !!edition.cme_claims_close_at && edition.cme_claims_close_at <= this.clock.now(),
    };
  }

  /** The most credit hours one attendee can earn in the edition's programme (parallel sessions count once: `maxCredits`). */
  async maxCredits(eventId: string, em?: EntityManager): Promise<number> {
    const sessions = await this.repo.creditSessions(eventId, em);
    return maxCredits(sessions.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, hours: this.hours({ kind: s.kind, starts_at: s.startsAt, ends_at: s.endsAt, credit_hours: s.creditHours }) })));
  }

  async accreditation(eventId: string): Promise<AccreditationResponseDto> {
    const row = await this.repo.accreditation(eventId);
    if (!row) throw notFound('Accreditation settings');
    const [signatories, maxCredits] = await Promise.all([this.repo.signatories(eventId), this.maxCredits(eventId)]);
    return {
      eventId,
      accreditingBody: row.accreditingBody,
      provider: row.provider,
      activityNumber: row.activityNumber,
      creditCategory: row.creditCategory,
      statement: row.statement,
      printedStatement: fillStatement(row.statement, maxCredits),
      maxCredits,
      logoBytes: row.logo ? row.logo.length : null,
      signatories: signatories.map((s) => ({ position: s.position, name: s.name, title: s.title, signatureBytes: s.signature.length })),
    };
  }

  /** Sets the edition's accreditation: texts, logo and signatories (images checked and stored as PNG). */
  async putAccreditation(eventId: string, dto: PutAccreditationDto, me: AuthUser): Promise<AccreditationResponseDto> {
    for (const lang of ['zh', 'en'] as const) {
      const template = dto.statement[lang];
      if (template !== undefined && template.trim() !== '' && !template.includes('{credits}')) {
        const message = 'must contain {credits}, where the maximum credits are printed';
        throw new DomainError('VALIDATION_FAILED', `statement.${lang}: ${message}`, [{ field: `statement.${lang}`, messages: [message] }]);
      }
    }
    const logo = dto.logo === undefined ? undefined : dto.logo === null ? null : await toPng('logo', dto.logo, LOGO_MAX_BYTES, { width: 110, height: 70 });
    const signatures: Buffer[] = [];
    for (const [i, s] of dto.signatories.entries()) signatures.push(await toPng(`signatories.${i}.signature`, s.signature, SIGNATURE_MAX_BYTES, { width: 130, height: 34 }));
    const text = (t: { zh?: string; en?: string }) => ({ ...(t.zh?.trim() ? { zh: t.zh.trim() } : {}), ...(t.en?.trim() ? { en: t.en.trim() } : {}) });
    await this.db.transaction(async (em) => {
      await this.repo.putAccreditation(
        {
          eventId,
          accreditingBody: text(dto.accreditingBody),
          provider: text(dto.provider),
          activityNumber: dto.activityNumber.trim(),
          creditCategory: text(dto.creditCategory),
          statement: text(dto.statement),
          logo,
        },
        em,
      );
      await this.repo.replaceSignatories(
        eventId,
        dto.signatories.map((s, i) => ({ position: i + 1, name: text(s.name), title: text(s.title), signature: signatures[i] })),
        em,
      );
      await this.audit.record(em, {
        eventId,
        actorId: me.id,
        action: 'cme.accreditation',
        entityType: 'event',
        entityId: eventId,
        after: { activityNumber: dto.activityNumber, signatories: dto.signatories.length, logo: logo === undefined ? 'kept' : logo ? 'set' : 'removed' },
      });
    });
    return this.accreditation(eventId);
  }

  /** What a new certificate for this person prints (`name` overrides the stored name: a correction). */
  private async printed(eventId: string, userId: string, code: string, name?: { zh?: string; en?: string }): Promise<PrintedCertificate> {
    const transcript = await this.transcript(eventId, { id: userId } as AuthUser);
    if (!(transcript.totalHours > 0)) throw new DomainError('NO_CME_CREDITS', 'You have claimed no CME credit hours in this edition');
    const [edition, accreditation, signatories, person, mode, maxCredits] = await Promise.all([
      this.repo.certificateEdition(eventId),
      this.repo.accreditation(eventId),
      this.repo.signatories(eventId),
      this.repo.personNames(userId),
      this.repo.registrationMode(eventId, userId),
      this.maxCredits(eventId),
    ]);
    if (!edition || !person) throw notFound('Edition');
    if (!accreditation) throw new DomainError('ACCREDITATION_MISSING', 'The organisers have not entered the edition’s accreditation yet');
    const facts = new Map((await this.repo.sessionFacts(eventId, transcript.sessions.map((s) => s.sessionId))).map((r) => [r.id, r]));
    return {
      code,
      verificationUrl: verificationUrl(this.publicBaseUrl, code),
      name: name ? nameLines('', name) : nameLines(person.accountName, person.profile),
      edition: edition.title,
      place: [edition.venue, edition.city].filter(Boolean).join(', '),
      dates: printedDates(edition.startsOn, edition.endsOn),
      accreditingBody: accreditation.accreditingBody,
      provider: accreditation.provider,
      activityNumber: accreditation.activityNumber,
      creditCategory: accreditation.creditCategory,
      statement: fillStatement(accreditation.statement, maxCredits),
      maxCredits,
      totalCredits: transcript.totalHours,
      sessions: transcript.sessions.map((s) => {
        const format = facts.get(s.sessionId)?.format;
        return {
          date: s.startsAt.slice(0, 10),
          title: facts.get(s.sessionId)?.title ?? { en: s.title },
          hours: s.creditHours,
          attendance: format === 'online' || (format === 'hybrid' && mode === 'online') ? ('online' as const) : ('in_person' as const),
        };
      }),
      signatories: signatories.map((s) => ({ name: s.name, title: s.title })),
      issuedOn: localDay(this.clock.now(), edition.timeZone),
    };
  }

  private async render(printed: PrintedCertificate, eventId: string): Promise<Uint8Array> {
    const [accreditation, signatories] = await Promise.all([this.repo.accreditation(eventId), this.repo.signatories(eventId)]);
    return renderCertificate(printed, { logo: accreditation?.logo ?? null, signatures: signatories.map((s) => s.signature) });
  }

  /**
   * The certificate PDF, once claims are closed: issued on first download (what it prints is kept
   * with it), drawn again from what was kept on later downloads. A revoked one is not handed out.
   */
  async certificate(eventId: string, me: AuthUser): Promise<Uint8Array> {
    const transcript = await this.transcript(eventId, me);
    if (!transcript.claimsClosed) throw new DomainError('CME_CLAIMS_OPEN', 'Certificates are issued once the edition’s CME claims are closed');
    // No certificate without credits (the database refuses one too: cme_certificates_hours_check).
    if (!(transcript.totalHours > 0)) throw new DomainError('NO_CME_CREDITS', 'You have claimed no CME credit hours in this edition');
    let current = await this.repo.latestCertificate(eventId, me.id);
    if (current?.status === 'revoked') throw new DomainError('CERTIFICATE_REVOKED', 'Your certificate for this edition was revoked by the organisers');
    if (!current?.printed) {
      const code = randomCode(12);
      await this.repo.issue({ id: randomUUID(), eventId, userId: me.id, code, printed: await this.printed(eventId, me.id, code), issuedAt: this.clock.now() });
      current = await this.repo.latestCertificate(eventId, me.id);
    }
    return this.render(current!.printed!, eventId);
  }

  /** Public: what the certificate prints, and whether it still stands (revoked, or superseded by a reissue). */
  async verify(code: string): Promise<CertificateVerificationDto> {
    const row = await this.repo.certificateByCode(code.toUpperCase());
    if (!row) throw notFound('Certificate');
    return this.verification(row);
  }

  private verification(row: CertificateRow): CertificateVerificationDto {
    const p: PrintedCertificate = row.printed ?? {
      // Issued before certificates kept what they print: the name and total they were issued with.
      code: row.code,
      verificationUrl: verificationUrl(this.publicBaseUrl, row.code),
      name: [row.name],
      edition: {},
      place: '',
      dates: {},
      accreditingBody: {},
      provider: {},
      activityNumber: '',
      creditCategory: {},
      statement: {},
      maxCredits: 0,
      totalCredits: Number(row.totalHours),
      sessions: [],
      signatories: [],
      issuedOn: row.issuedAt.toISOString().slice(0, 10),
    };
    const status = row.status === 'issued' ? 'valid' : row.status;
    const withdrawnAt = row.status === 'revoked' ? row.revokedAt : row.status === 'superseded' ? row.supersededAt : null;
    return {
      code: row.code,
      status,
      withdrawnAt: withdrawnAt ? withdrawnAt.toISOString() : null,
      name: p.name.join(' '),
      nameLines: p.name,
      edition: p.edition,
      place: p.place,
      dates: p.dates,
      accreditingBody: p.accreditingBody,
      provider: p.provider,
      activityNumber: p.activityNumber,
      creditCategory: p.creditCategory,
      statement: p.statement,
      maxCredits: p.maxCredits,
      totalCredits: p.totalCredits,
      totalHours: p.totalCredits,
      sessions: p.sessions,
      signatories: p.signatories,
      issuedOn: p.issuedOn,
      verificationUrl: p.verificationUrl,
    };
  }

  /** Organisers: withdraw a current certificate; its code then answers "revoked". */
  async revoke(eventId: string, code: string, reason: string, me: AuthUser): Promise<CertificateVerificationDto> {
    const normalized = code.toUpperCase();
    await this.db.transaction(async (em) => {
      const row = await this.repo.certificateByCode(normalized, em, true);
      if (!row || row.eventId !== eventId) throw notFound('Certificate');
      if (row.status !== 'issued') throw new DomainError('CERTIFICATE_NOT_CURRENT', `This certificate is already ${row.status}`, { status: row.status });
      await this.repo.revoke(eventId, normalized, reason.trim(), this.clock.now(), em);
      await this.audit.record(em, { eventId, actorId: me.id, action: 'cme.certificate.revoke', entityType: 'cme_certificate', entityId: row.id, after: { code: normalized, reason } });
    });
    return this.verify(normalized);
  }

  /**
   * Organisers: a new certificate (new code) in place of a current or revoked one, with a corrected
   * name and the credits as they stand; the old code answers "superseded". One transaction, the old
   * row locked, so two reissues of one certificate cannot both succeed.
   */
  async reissue(eventId: string, code: string, name: { zh?: string; en?: string }, me: AuthUser): Promise<CertificateVerificationDto> {
    const normalized = code.toUpperCase();
    const old = await this.repo.certificateByCode(normalized);
    if (!old || old.eventId !== eventId) throw notFound('Certificate');
    const newCode = randomCode(12);
    const printed = await this.printed(eventId, old.userId, newCode, { zh: name.zh?.trim() || undefined, en: name.en?.trim() || undefined });
    await this.db.transaction(async (em) => {
      const locked = await this.repo.certificateByCode(normalized, em, true);
      if (!locked || locked.status === 'superseded') {
        throw new DomainError('CERTIFICATE_NOT_CURRENT', 'This certificate was already reissued', { status: locked?.status });
      }
      const id = randomUUID();
      await this.repo.supersede(locked.id, id, em);
      await this.repo.issue({ id, eventId, userId: locked.userId, code: newCode, printed, issuedAt: this.clock.now() }, em);
      await this.audit.record(em, {
        eventId,
        actorId: me.id,
        action: 'cme.certificate.reissue',
        entityType: 'cme_certificate',
        entityId: locked.id,
        before: { code: normalized, name: locked.printed?.name ?? [locked.name] },
        after: { code: newCode, name: printed.name },
      });
    });
    return this.verify(newCode);
  }
}
