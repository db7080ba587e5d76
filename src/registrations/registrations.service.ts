import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service.js';
import { IDEMPOTENCY_TTL_HOURS, requestFingerprint } from './idempotency.js';
import type { RegistrationMode } from './registration.entity.js';
import type {
  CheckInResponseDto,
  ListRegistrationsQueryDto,
  RegisterDto,
  RegistrationPageDto,
  RegistrationResponseDto,
  RegistrationsExportQueryDto,
  TicketResponseDto,
} from './registrations.dto.js';
import { toAttendeeRegistration, toRegistrationResponse, type RegistrationRow } from './registrations.mapper.js';
import { SeatsService } from './seats.service.js';

/** How long a retry waits for a first request with the same Idempotency-Key before it gets 409. */
export const IDEMPOTENCY_WAIT_MS = 3000;

export interface RegisterResult {
  status: number;
  body: RegistrationResponseDto;
  replayed: boolean;
}

const newToken = () => randomBytes(32).toString('base64url');
const RETURNING = 'id, event_id, user_id, mode, status, waitlist_position, checked_in_at, created_at';

@Injectable()
export class RegistrationsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RegistrationsService.name);
  private cleanup?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhookOutboxService,
    private readonly seats: SeatsService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit() {
    // Expired Idempotency-Keys are deleted hourly (by any process: the DELETE is idempotent).
    this.cleanup = setInterval(() => void this.purgeExpiredKeys().catch((e) => this.logger.warn(`key cleanup failed: ${e}`)), 3_600_000);
    this.cleanup.unref();
  }

  onModuleDestroy() {
    clearInterval(this.cleanup);
  }

  /** Deletes Idempotency-Keys past their expiry; returns how many. */
  async purgeExpiredKeys(now = new Date()): Promise<number> {
    const [, count]: [unknown[], number] = await this.db.query(`DELETE FROM idempotency_keys WHERE expires_at <= $1`, [now]);
    return count;
  }

  /**
   * Registers the caller. With an Idempotency-Key the key is claimed in the same transaction as the
   * registration: a concurrent request with the same key waits for the first (up to
   * IDEMPOTENCY_WAIT_MS, then 409) and replays its committed answer; a failed first attempt leaves
   * no key behind, so a retry runs afresh.
   */
  async register(eventId: string, user: AuthUser, dto: RegisterDto, idempotencyKey?: string): Promise<RegisterResult> {
    try {
      const result = await this.registerOnce(eventId, user, dto, idempotencyKey);
      this.metrics.registration(result.replayed ? 'replayed' : result.body.status);
      return result;
    } catch (error) {
      this.metrics.registration(error instanceof DomainError ? error.code.toLowerCase() : 'error');
      throw error;
    }
  }

  private async registerOnce(eventId: string, user: AuthUser, dto: RegisterDto, idempotencyKey?: string): Promise<RegisterResult> {
    const now = this.clock.now();
    await this.access.requireVisible(user, eventId);
    return this.db.transaction(async (em) => {
      let keyId: string | undefined;
      if (idempotencyKey) {
        const scope = `POST /events/${eventId}/registrations`;
        const hash = requestFingerprint(scope, { mode: dto.mode });
        await em.query(`SET LOCAL lock_timeout = ${IDEMPOTENCY_WAIT_MS}`);
        let claimed: { id: string }[];
        try {
          // An expired key that the cleanup has not deleted yet is claimed afresh.
          claimed = await em.query(
            `INSERT INTO idempotency_keys (user_id, scope, key, request_hash, expires_at)
             VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
             ON CONFLICT (user_id, scope, key) DO UPDATE
                SET request_hash = EXCLUDED.request_hash, expires_at = EXCLUDED.expires_at, created_at = now(),
                    response_status = NULL, response_body = NULL
              WHERE idempotency_keys.expires_at <= now()
             RETURNING id`,
            [user.id, scope, idempotencyKey, hash, IDEMPOTENCY_TTL_HOURS],
          );
        } catch (e) {
          if ((e as { driverError?: { code?: string } }).driverError?.code === '55P03') throw inProgress();
          throw e;
        }
        if (!claimed.length) {
          const [prior]: { request_hash: string; response_status: number | null; response_body: string | null }[] = await em.query(
            `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND key = $3`,
            [user.id, scope, idempotencyKey],
          );
          if (!prior || prior.response_status === null) throw inProgress();
          if (prior.request_hash !== hash) {
            throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body', [
              { field: 'Idempotency-Key', messages: ['was used with another body'] },
            ]);
          }
          // Stored as the exact JSON text, so that the replay is byte-identical.
          return { status: prior.response_status, body: JSON.parse(prior.response_body!) as RegistrationResponseDto, replayed: true };
        }
        keyId = claimed[0].id;
        await em.query(`SET LOCAL lock_timeout = DEFAULT`);
      }
      const body = await this.registerIn(em, eventId, user, dto.mode, now);
      if (keyId) {
        await em.query(`UPDATE idempotency_keys SET response_status = 201, response_body = $2 WHERE id = $1`, [keyId, JSON.stringify(body)]);
      }
      return { status: 201, body, replayed: false };
    });
  }

  private async registerIn(em: EntityManager, eventId: string, user: AuthUser, mode: RegistrationMode, now: Date): Promise<RegistrationResponseDto> {
    const [event]: { format: string; opens: Date | null; closes: Date | null }[] = await em.query(
      `SELECT format, registration_opens_at AS opens, registration_closes_at AS closes FROM events WHERE id = $1`,
      [eventId],
    );
    if (!event) throw notFound('Edition');
    if (!event.opens || now < event.opens || (event.closes && now >= event.closes)) {
      throw new DomainError('REGISTRATION_CLOSED', 'Registration for this edition is not open', {
        opensAt: event.opens?.toISOString() ?? null,
        closesAt: event.closes?.toISOString() ?? null,
      });
    }
    if (event.format !== 'hybrid' && event.format !== mode) {
      throw new DomainError('MODE_NOT_OFFERED', `This edition is ${event.format} only`, [{ field: 'mode', messages: [`must be ${event.format}`] }]);
    }
    const existing = await em.query(`SELECT 1 FROM registrations WHERE event_id = $1 AND user_id = $2 AND status <> 'cancelled'`, [eventId, user.id]);
    if (existing.length) throw alreadyRegistered();

    // Each statement decides on the row it changed: a seat if one is free, else the next place in
    // line (only while the mode is still full, so a seat freed in between is never left empty).
    let status: 'confirmed' | 'waitlisted' | undefined;
    let position: number | null = null;
    for (let attempt = 0; !status && attempt < 5; attempt++) {
      const [seat]: [unknown[], number] = await em.query(
        `UPDATE registration_capacities SET confirmed = confirmed + 1
          WHERE event_id = $1 AND mode = $2 AND waitlisted = 0 AND (capacity IS NULL OR confirmed < capacity) RETURNING confirmed`,
        [eventId, mode],
      );
      if (seat.length) {
        status = 'confirmed';
        break;
      }
      const [line]: [{ waitlisted: number }[], number] = await em.query(
        `UPDATE registration_capacities SET waitlisted = waitlisted + 1
          WHERE event_id = $1 AND mode = $2 AND (waitlisted > 0 OR (capacity IS NOT NULL AND confirmed >= capacity)) RETURNING waitlisted`,
        [eventId, mode],
      );
      if (line.length) {
        status = 'waitlisted';
        position = line[0].waitlisted;
      }
    }
    if (!status) throw new DomainError('CONFLICT', 'The request collided with concurrent changes; retry it');
    const [row]: RegistrationRow[] = await em.query(
      `INSERT INTO registrations (event_id, user_id, mode, status, waitlist_position, ticket_token)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${RETURNING}`,
      [eventId, user.id, mode, status, position, newToken()],
    );
    const body = toRegistrationResponse(row);
    await this.webhooks.emit(em, eventId, 'registration.created', { registrationId: row.id, userId: user.id, mode, status });
    return body;
  }

  async mine(user: AuthUser): Promise<RegistrationResponseDto[]> {
    const rows: RegistrationRow[] = await this.db.query(
      `SELECT ${RETURNING} FROM registrations WHERE user_id = $1 ORDER BY created_at DESC`,
      [user.id],
    );
    return rows.map(toRegistrationResponse);
  }

  /**
   * Cancels the caller's registration. In the same transaction: the seat is freed and the head of
   * the mode's waiting list promoted exactly once (registration_promote), or the waiting list
   * closes the gap; the registrant's session seats are released (and promoted from in turn).
   */
  async cancel(registrationId: string, user: AuthUser): Promise<RegistrationResponseDto> {
    return this.db.transaction(async (em) => {
      const [current]: RegistrationRow[] = await em.query(`SELECT ${RETURNING} FROM registrations WHERE id = $1 AND user_id = $2`, [registrationId, user.id]);
      if (!current) throw notFound('Registration');
      // Lock the mode's capacity row first (the order every writer uses), then the registration.
      await em.query(`SELECT 1 FROM registration_capacities WHERE event_id = $1 AND mode = $2 FOR UPDATE`, [current.event_id, current.mode]);
      const [[before]]: [RegistrationRow[], number] = await em.query(
        `UPDATE registrations r SET status = 'cancelled', waitlist_position = NULL, cancelled_at = now(), updated_at = now()
           FROM registrations old
          WHERE r.id = $1 AND old.id = r.id AND r.status <> 'cancelled'
         RETURNING old.status, old.waitlist_position`,
        [registrationId],
      );
      if (!before) throw new DomainError('ALREADY_CANCELLED', 'This registration is already cancelled');
      const { event_id: eventId, mode } = current;
      if (before.status === 'confirmed') {
        await this.seats.releaseAllOf(em, eventId, registrationId);
        await em.query(`UPDATE registration_capacities SET confirmed = confirmed - 1 WHERE event_id = $1 AND mode = $2`, [eventId, mode]);
      } else {
        await em.query(`UPDATE registration_capacities SET waitlisted = waitlisted - 1 WHERE event_id = $1 AND mode = $2`, [eventId, mode]);
        await em.query(
          `UPDATE registrations SET waitlist_position = waitlist_position - 1, updated_at = now()
            WHERE event_id = $1 AND mode = $2 AND status = 'waitlisted' AND waitlist_position > $3`,
          [eventId, mode, before.waitlist_position],
        );
      }
      await em.query(`SELECT registration_promote($1, $2)`, [eventId, mode]);
      await this.webhooks.emit(em, eventId, 'registration.cancelled', { registrationId, userId: user.id, mode, previousStatus: before.status });
      const [row]: RegistrationRow[] = await em.query(`SELECT ${RETURNING} FROM registrations WHERE id = $1`, [registrationId]);
      return toRegistrationResponse(row);
    });
  }

  /** The owner's ticket (others: 404). Only a confirmed registration has a valid ticket. */
  async ticket(registrationId: string, user: AuthUser): Promise<TicketResponseDto> {
    const [r]: { id: string; event_id: string; mode: RegistrationMode; status: string; ticket_token: string }[] = await this.db.query(
      `SELECT id, event_id, mode, status, ticket_token FROM registrations WHERE id = $1 AND user_id = $2`,
      [registrationId, user.id],
    );
    if (!r) throw notFound('Registration');
    if (r.status !== 'confirmed') throw notConfirmed(r.status);
    const svg = await (await qrcode()).toString(r.ticket_token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return {
      registrationId: r.id,
      eventId: r.event_id,
      mode: r.mode,
      token: r.ticket_token,
      qrPng: await (await qrcode()).toDataURL(r.ticket_token, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
      qrSvg: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    };
  }

  /** The QR code image of the owner's ticket. */
  async ticketImage(registrationId: string, user: AuthUser, format: 'png' | 'svg'): Promise<{ contentType: string; body: Buffer | string }> {
    const t = await this.ticket(registrationId, user);
    if (format === 'svg') return { contentType: 'image/svg+xml', body: await (await qrcode()).toString(t.token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
    return { contentType: 'image/png', body: await (await qrcode()).toBuffer(t.token, { errorCorrectionLevel: 'M', margin: 2, width: 320 }) };
  }

  /**
   * Checks in by token, in this edition only: a token of another edition is unknown here (404).
   * The update decides (a second scan finds nothing to change → 409).
   */
  async checkIn(eventId: string, token: string, actor: AuthUser): Promise<CheckInResponseDto> {
    return this.db.transaction(async (em) => {
      const [[done]]: [(RegistrationRow & { name: string })[], number] = await em.query(
        `UPDATE registrations r SET checked_in_at = now(), checked_in_by = $3, updated_at = now()
           FROM users u
          WHERE r.event_id = $1 AND r.ticket_token = $2 AND r.status = 'confirmed' AND r.checked_in_at IS NULL AND u.id = r.user_id
         RETURNING r.id, r.user_id, r.mode, r.checked_in_at, u.name`,
        [eventId, token, actor.id],
      );
      if (!done) {
        const [r]: { status: string; checked_in_at: Date | null }[] = await em.query(
          `SELECT status, checked_in_at FROM registrations WHERE event_id = $1 AND ticket_token = $2`,
          [eventId, token],
        );
        if (!r) throw notFound('Ticket');
        if (r.status !== 'confirmed') throw notConfirmed(r.status);
        throw new DomainError('ALREADY_CHECKED_IN', 'This ticket was already used to check in', { checkedInAt: r.checked_in_at?.toISOString() });
      }
      const response: CheckInResponseDto = {
        registrationId: done.id,
        userId: done.user_id,
        name: done.name,
        mode: done.mode,
        checkedInAt: new Date(done.checked_in_at!).toISOString(),
      };
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'registration.check_in', entityType: 'registration', entityId: done.id, after: response });
      return response;
    });
  }

  async list(eventId: string, q: ListRegistrationsQueryDto): Promise<RegistrationPageDto> {
    const { where, params } = filters(eventId, q);
    const rows: (RegistrationRow & { name: string; email: string; total: string })[] = await this.db.query(
      `SELECT r.id, r.event_id, r.user_id, r.mode, r.status, r.waitlist_position, r.checked_in_at, r.created_at, u.name, u.email,
              count(*) OVER () AS total
         FROM registrations r JOIN users u ON u.id = r.user_id
        WHERE ${where}
        ORDER BY r.created_at, r.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.limit, q.offset],
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && q.offset > 0) {
      const [c]: { n: string }[] = await this.db.query(`SELECT count(*) AS n FROM registrations r WHERE ${where}`, params);
      total = Number(c.n);
    }
    const counts: { mode: RegistrationMode; status: RegistrationRow['status']; count: string }[] = await this.db.query(
      `SELECT mode, status, count(*) AS count FROM registrations WHERE event_id = $1 GROUP BY mode, status ORDER BY mode, status`,
      [eventId],
    );
    return {
      items: rows.map(toAttendeeRegistration),
      total,
      limit: q.limit,
      offset: q.offset,
      counts: counts.map((c) => ({ mode: c.mode, status: c.status, count: Number(c.count) })),
    };
  }

  /** The edition's registrations as CSV (UTF-8 with a byte-order mark, for spreadsheet programs). */
  async exportCsv(eventId: string, q: RegistrationsExportQueryDto): Promise<string> {
    const { where, params } = filters(eventId, q);
    const rows: (RegistrationRow & { name: string; email: string })[] = await this.db.query(
      `SELECT r.id, r.event_id, r.user_id, r.mode, r.status, r.waitlist_position, r.checked_in_at, r.created_at, u.name, u.email
         FROM registrations r JOIN users u ON u.id = r.user_id WHERE ${where} ORDER BY r.created_at, r.id`,
      params,
    );
    return stringify(
      rows.map((r) => {
        const a = toAttendeeRegistration(r);
        return [a.id, a.name, a.email, a.mode, a.status, a.waitlistPosition ?? '', a.checkedInAt ?? '', a.createdAt];
      }),
      { bom: true, header: true, columns: ['id', 'name', 'email', 'mode', 'status', 'waitlist_position', 'checked_in_at', 'registered_at'], record_delimiter: 'windows' },
    );
  }
}

function filters(eventId: string, q: { mode?: string; status?: string; checkedIn?: boolean }) {
  const params: unknown[] = [eventId];
  const parts = ['r.event_id = $1'];
  if (q.mode) parts.push(`r.mode = $${params.push(q.mode)}`);
  if (q.status) parts.push(`r.status = $${params.push(q.status)}`);
  if (q.checkedIn !== undefined) parts.push(q.checkedIn ? 'r.checked_in_at IS NOT NULL' : 'r.checked_in_at IS NULL');
  return { where: parts.join(' AND '), params };
}

const inProgress = () =>
  new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry later');
const alreadyRegistered = () => new DomainError('ALREADY_REGISTERED', 'You already hold a registration for this edition');
const notConfirmed = (status: string) =>
  new DomainError('REGISTRATION_NOT_CONFIRMED', `This registration is ${status}, so its ticket is not valid`, { status });

/** qrcode (with pngjs, about 60 modules) loads on the first ticket, not at start-up. */
const qrcode = async () => (await import('qrcode')).default;
