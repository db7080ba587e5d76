import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { toCsv } from '../common/csv.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { EventsService } from '../events/events.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { UsersService } from '../users/users.service.js';
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
import { toAttendeeRegistration, toRegistrationResponse } from './registrations.mapper.js';
import { RegistrationsRepository, type RegistrationRow } from './registrations.repository.js';
import { SeatsService } from './seats.service.js';

/** How long a retry waits for a first request with the same Idempotency-Key before it gets 409. */
export const IDEMPOTENCY_WAIT_MS = 3000;

export interface RegisterResult {
  status: number;
  body: RegistrationResponseDto;
  replayed: boolean;
}

const newToken = () => randomBytes(32).toString('base64url');

/** Runs inside a cancellation's transaction (see RegistrationsService.onCancel). */
export type CancellationHook = (em: EntityManager, cancelled: { eventId: string; registrationId: string; userId: string }) => Promise<void>;

@Injectable()
export class RegistrationsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RegistrationsService.name);
  private cleanup?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: RegistrationsRepository,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhookOutboxService,
    private readonly seats: SeatsService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  private readonly cancellationHooks: CancellationHook[] = [];

  /**
   * Lets another module act on every cancellation inside its transaction (the audience module ends
   * the registration's stream devices there), without registrations depending on it.
   */
  onCancel(hook: CancellationHook): void {
    this.cancellationHooks.push(hook);
  }

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
    return this.repo.purgeExpiredKeys(now);
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
        await this.repo.lockTimeout(IDEMPOTENCY_WAIT_MS, em);
        try {
          // An expired key that the cleanup has not deleted yet is claimed afresh.
          keyId = await this.repo.claimKey({ userId: user.id, scope, key: idempotencyKey, requestHash: hash, ttlHours: IDEMPOTENCY_TTL_HOURS }, em);
        } catch (e) {
          if ((e as { driverError?: { code?: string } }).driverError?.code === '55P03') throw inProgress();
          throw e;
        }
        if (!keyId) {
          const prior = await this.repo.priorKey(user.id, scope, idempotencyKey, em);
          if (!prior || prior.responseStatus === null) throw inProgress();
          if (prior.requestHash !== hash) {
            throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body', [
              { field: 'Idempotency-Key', messages: ['was used with another body'] },
            ]);
          }
          // Stored as the exact JSON text, so that the replay is byte-identical.
          return { status: prior.responseStatus, body: JSON.parse(prior.responseBody!) as RegistrationResponseDto, replayed: true };
        }
        await this.repo.lockTimeout(null, em);
      }
      const body = await this.registerIn(em, eventId, user, dto.mode, now);
      if (keyId) await this.repo.storeResponse(keyId, 201, JSON.stringify(body), em);
      return { status: 201, body, replayed: false };
    });
  }

  private async registerIn(em: EntityManager, eventId: string, user: AuthUser, mode: RegistrationMode, now: Date): Promise<RegistrationResponseDto> {
    const edition = await this.events.getEntity(eventId, em);
    const event = { format: edition.format, opens: edition.registrationOpensAt, closes: edition.registrationClosesAt };
    if (!event.opens || now < event.opens || (event.closes && now >= event.closes)) {
      throw new DomainError('REGISTRATION_CLOSED', 'Registration for this edition is not open', {
        opensAt: event.opens?.toISOString() ?? null,
        closesAt: event.closes?.toISOString() ?? null,
      });
    }
    if (event.format !== 'hybrid' && event.format !== mode) {
      throw new DomainError('MODE_NOT_OFFERED', `This edition is ${event.format} only`, [{ field: 'mode', messages: [`must be ${event.format}`] }]);
    }
    if (await this.repo.hasActive(eventId, user.id, em)) throw alreadyRegistered();

    // Each statement decides on the row it changed: a seat if one is free, else the next place in
    // line (only while the mode is still full, so a seat freed in between is never left empty).
    let status: 'confirmed' | 'waitlisted' | undefined;
    let position: number | null = null;
    for (let attempt = 0; !status && attempt < 5; attempt++) {
      if (await this.repo.claimSeat(eventId, mode, em)) {
        status = 'confirmed';
        break;
      }
      const place = await this.repo.joinWaitlist(eventId, mode, em);
      if (place) {
        status = 'waitlisted';
        position = place;
      }
    }
    if (!status) throw new DomainError('CONFLICT', 'The request collided with concurrent changes; retry it');
    const row = await this.repo.insert({ eventId, userId: user.id, mode, status, waitlistPosition: position, ticketToken: newToken() }, em);
    const body = toRegistrationResponse(row);
    await this.webhooks.emit(em, eventId, 'registration.created', { registrationId: row.id, userId: user.id, mode, status });
    return body;
  }

  async mine(user: AuthUser): Promise<RegistrationResponseDto[]> {
    return (await this.repo.ofUser(user.id)).map(toRegistrationResponse);
  }

  /**
   * Cancels the caller's registration. In the same transaction: the seat is freed and the head of
   * the mode's waiting list promoted exactly once (registration_promote), or the waiting list
   * closes the gap; the registrant's session seats are released (and promoted from in turn).
   */
  async cancel(registrationId: string, user: AuthUser): Promise<RegistrationResponseDto> {
    return this.db.transaction(async (em) => {
      const current = await this.repo.findOwn(registrationId, user.id, em);
      if (!current) throw notFound('Registration');
      const { eventId, mode } = current;
      // Lock the mode's capacity row first (the order every writer uses), then the registration.
      await this.repo.lockCapacity(eventId, mode, em);
      const before = await this.repo.cancel(registrationId, em);
      if (!before) throw new DomainError('ALREADY_CANCELLED', 'This registration is already cancelled');
      for (const hook of this.cancellationHooks) await hook(em, { eventId, registrationId, userId: user.id });
      if (before.status === 'confirmed') {
        await this.seats.releaseAllOf(em, eventId, registrationId);
        await this.repo.releaseSeat(eventId, mode, em);
      } else {
        await this.repo.leaveWaitlist(eventId, mode, before.waitlistPosition, em);
      }
      await this.repo.promote(eventId, mode, em);
      await this.webhooks.emit(em, eventId, 'registration.cancelled', { registrationId, userId: user.id, mode, previousStatus: before.status });
      return toRegistrationResponse((await this.repo.find(registrationId, em))!);
    });
  }

  /** The owner's ticket (others: 404). Only a confirmed registration has a valid ticket. */
  async ticket(registrationId: string, user: AuthUser): Promise<TicketResponseDto> {
    const r = await this.repo.findOwn(registrationId, user.id);
    if (!r) throw notFound('Registration');
    if (r.status !== 'confirmed') throw notConfirmed(r.status);
    const svg = await (await qrcode()).toString(r.ticketToken, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return {
      registrationId: r.id,
      eventId: r.eventId,
      mode: r.mode,
      token: r.ticketToken,
      qrPng: await (await qrcode()).toDataURL(r.ticketToken, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
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
      const done = await this.repo.checkIn(eventId, token, actor.id, em);
      if (!done) {
        const r = await this.repo.byTicket(eventId, token, em);
        if (!r) throw notFound('Ticket');
        if (r.status !== 'confirmed') throw notConfirmed(r.status);
        throw new DomainError('ALREADY_CHECKED_IN', 'This ticket was already used to check in', { checkedInAt: r.checkedInAt?.toISOString() });
      }
      const attendee = await this.users.findById(done.userId, em);
      const response: CheckInResponseDto = {
        registrationId: done.id,
        userId: done.userId,
        name: attendee?.name ?? '',
        mode: done.mode,
        checkedInAt: new Date(done.checkedInAt!).toISOString(),
      };
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'registration.check_in', entityType: 'registration', entityId: done.id, after: response });
      return response;
    });
  }

  async list(eventId: string, q: ListRegistrationsQueryDto): Promise<RegistrationPageDto> {
    const [rows, total] = await this.repo.page(eventId, q, q.offset, q.limit);
    const counts = await this.repo.counts(eventId);
    return { items: await this.attendees(rows), total, limit: q.limit, offset: q.offset, counts };
  }

  /** The edition's registrations as CSV (UTF-8 with a byte-order mark, for spreadsheet programs). */
  async exportCsv(eventId: string, q: RegistrationsExportQueryDto): Promise<string> {
    const rows = await this.attendees(await this.repo.all(eventId, q));
    return toCsv(
      [
        { key: 'id', header: 'id' },
        { key: 'name', header: 'name' },
        { key: 'email', header: 'email' },
        { key: 'mode', header: 'mode' },
        { key: 'status', header: 'status' },
        { key: 'waitlistPosition', header: 'waitlist_position' },
        { key: 'checkedInAt', header: 'checked_in_at' },
        { key: 'createdAt', header: 'registered_at' },
      ],
      rows.map((a) => ({ ...a, waitlistPosition: a.waitlistPosition ?? '', checkedInAt: a.checkedInAt ?? '' })),
    );
  }

  /** The edition's registrations counted per mode and status, and how many confirmed ones checked in (statistics). */
  async counts(eventId: string): Promise<{ byModeAndStatus: { mode: string; status: string; count: number }[]; checkedIn: number }> {
    const [byModeAndStatus, checkedIn] = await Promise.all([this.repo.counts(eventId), this.repo.countCheckedIn(eventId)]);
    return { byModeAndStatus, checkedIn };
  }

  /** Registrations with their registrants' names and emails (from the accounts' owner). */
  private async attendees(rows: RegistrationRow[]) {
    const users = new Map((await this.users.findByIds(rows.map((r) => r.userId))).map((u) => [u.id, u]));
    return rows.map((r) => toAttendeeRegistration(r, users.get(r.userId) ?? { name: '', email: '' }));
  }
}

const inProgress = () =>
  new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry later');
const alreadyRegistered = () => new DomainError('ALREADY_REGISTERED', 'You already hold a registration for this edition');
const notConfirmed = (status: string) =>
  new DomainError('REGISTRATION_NOT_CONFIRMED', `This registration is ${status}, so its ticket is not valid`, { status });

/** qrcode (with pngjs, about 60 modules) loads on the first ticket, not at start-up. */
const qrcode = async () => (await import('qrcode')).default;
