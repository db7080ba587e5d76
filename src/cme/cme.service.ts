import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { hasRole } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { pick, type LocalizedText } from '../common/i18n/localized-text.js';
import { toLocalIso } from '../common/time/local-time.js';
import { renderCertificate } from './certificate-pdf.js';
import { defaultCreditHours, modeAdmits, sessionRunning } from './cme-credits.js';
import type { AttendanceResponseDto, CertificateVerificationDto, ClaimAttendanceDto, SessionCmeResponseDto, TranscriptResponseDto } from './cme.dto.js';

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
  ) {}

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
      `SELECT s.id, s.kind, s.title, s.starts_at, s.ends_at, c.credit_hours, a.method, a.claimed_at
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

  /** The certificate PDF, once claims are closed; issued (with its verification code) on first download. */
  async certificate(eventId: string, me: AuthUser): Promise<Uint8Array> {
    const transcript = await this.transcript(eventId, me);
    if (!transcript.claimsClosed) throw new DomainError('CME_CLAIMS_OPEN', 'Certificates are issued once the edition’s CME claims are closed');
    // No certificate without credits (the database refuses one too: cme_certificates_hours_check).
    if (!(transcript.totalHours > 0)) throw new DomainError('NO_CME_CREDITS', 'You have claimed no CME credit hours in this edition');
    const [edition]: { title: LocalizedText; starts_on: string; ends_on: string }[] = await this.db.query(
      `SELECT title, starts_on::text AS starts_on, ends_on::text AS ends_on FROM events WHERE id = $1`,
      [eventId],
    );
    const [person]: { name: string }[] = await this.db.query(
      `SELECT coalesce(sp.name->>'en', u.name) AS name FROM users u LEFT JOIN speakers sp ON sp.user_id = u.id WHERE u.id = $1`,
      [me.id],
    );
    await this.db.query(
      `INSERT INTO cme_certificates (event_id, user_id, code, name, total_hours, issued_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id, user_id) DO NOTHING`,
      [eventId, me.id, randomCode(12), person.name, transcript.totalHours, this.clock.now()],
    );
    const [cert]: { code: string; name: string; total_hours: string }[] = await this.db.query(
      `SELECT code, name, total_hours FROM cme_certificates WHERE event_id = $1 AND user_id = $2`,
      [eventId, me.id],
    );
    return renderCertificate({
      name: cert.name,
      edition: pick(edition.title, 'en'),
      dates: `${edition.starts_on} to ${edition.ends_on}`,
      totalHours: Number(cert.total_hours),
      sessions: transcript.sessions.map((s) => ({ title: s.title, hours: s.creditHours })),
      code: cert.code,
      verifyUrl: `/api/v1/certificates/${cert.code}`,
    });
  }

  /** Public: is this certificate genuine? Name, edition and hours only. */
  async verify(code: string): Promise<CertificateVerificationDto> {
    const [row]: { code: string; name: string; title: LocalizedText; total_hours: string }[] = await this.db.query(
      `SELECT c.code, c.name, e.title, c.total_hours FROM cme_certificates c JOIN events e ON e.id = c.event_id WHERE c.code = $1`,
      [code.toUpperCase()],
    );
    if (!row) throw notFound('Certificate');
    return { code: row.code, name: row.name, edition: pick(row.title, 'en'), totalHours: Number(row.total_hours) };
  }
}
