import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { canSee } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import type { SessionPlace } from '../sessions/sessions.service.js';
import type { SeatLimitResponseDto, SeatResponseDto, StreamResponseDto } from './registrations.dto.js';
import { SeatsRepository } from './seats.repository.js';

/**
 * Per-session seats and stream access. A session with a seat limit is reserved by confirmed
 * in-person registrants (online attendance of a hybrid session needs no seat); the session's counters
 * row decides every claim in one statement, and session_seat_counters_within_limit backs it.
 */
@Injectable()
export class SeatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SeatsRepository,
    private readonly sessions: SessionsService,
    private readonly rooms: RoomsService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** A session the caller may know of (its edition published, or the caller a member), else 404. */
  private async visibleSession(sessionId: string, user: AuthUser): Promise<SessionPlace> {
    const s = await this.sessions.place(sessionId);
    if (!s) throw notFound('Session');
    if (!canSee(await this.access.accessTo(user, s.eventId))) throw notFound('Session');
    return s;
  }

  async setLimit(sessionId: string, limit: number | null, actor: AuthUser): Promise<SeatLimitResponseDto> {
    const session = await this.sessions.place(sessionId);
    if (!session) throw notFound('Session');
    return this.db.transaction(async (em) => {
      await this.repo.ensureCounters(session.eventId, sessionId, em);
      const set = await this.repo.setLimit(session.eventId, sessionId, limit, em);
      if (set === 'below') {
        throw new DomainError('CAPACITY_BELOW_CONFIRMED', 'limit is below the number of seats already reserved', [
          { field: 'limit', messages: ['is below the seats already reserved'] },
        ]);
      }
      await this.promote(em, session.eventId, sessionId);
      const c = (await this.repo.counters(session.eventId, sessionId, em))!;
      await this.audit.record(em, {
        eventId: session.eventId,
        actorId: actor.id,
        action: 'session.seat_limit',
        entityType: 'session',
        entityId: sessionId,
        before: { seatLimit: set.previous },
        after: { seatLimit: c.seatLimit },
      });
      return { sessionId, limit: c.seatLimit, reserved: c.reserved, waitlisted: c.waitlisted };
    });
  }

  async reserve(sessionId: string, user: AuthUser): Promise<SeatResponseDto> {
    const session = await this.visibleSession(sessionId, user);
    if (session.format === 'online') throw new DomainError('SEAT_NOT_AVAILABLE', 'An online session has no seats');
    const eventId = session.eventId;
    return this.db.transaction(async (em) => {
      const registrationId = await this.repo.seatingRegistration(eventId, user.id, em);
      if (!registrationId) throw new DomainError('SEAT_NOT_AVAILABLE', 'Seats are reserved by confirmed in-person registrants of the edition');
      if (await this.repo.seatOf(eventId, sessionId, user.id, em)) throw new DomainError('ALREADY_SEATED', 'You already hold a seat or a waiting-list place in this session');
      await this.repo.ensureCounters(eventId, sessionId, em);
      let status: 'reserved' | 'waitlisted' | undefined;
      let position: number | null = null;
      for (let attempt = 0; !status && attempt < 5; attempt++) {
        if (await this.repo.claimSeat(eventId, sessionId, em)) {
          status = 'reserved';
          break;
        }
        const place = await this.repo.joinWaitlist(eventId, sessionId, em);
        if (place) {
          status = 'waitlisted';
          position = place;
        }
      }
      if (!status) throw new DomainError('CONFLICT', 'The request collided with concurrent changes; retry it');
      await this.repo.insertSeat({ eventId, sessionId, registrationId, userId: user.id, status, waitlistPosition: position }, em);
      return { sessionId, status, ...(position ? { waitlistPosition: position } : {}) };
    });
  }

  async release(sessionId: string, user: AuthUser): Promise<void> {
    const session = await this.visibleSession(sessionId, user);
    await this.db.transaction(async (em) => {
      const seatId = await this.repo.seatOf(session.eventId, sessionId, user.id, em);
      if (!seatId) throw notFound('Seat');
      if (!(await this.releaseSeat(em, session.eventId, sessionId, seatId))) throw notFound('Seat');
    });
  }

  /** Releases every seat of a registration (when it is cancelled), promoting in each session. */
  async releaseAllOf(em: EntityManager, eventId: string, registrationId: string): Promise<void> {
    for (const s of await this.repo.seatsOfRegistration(eventId, registrationId, em)) await this.releaseSeat(em, eventId, s.session_id, s.id);
  }

  /** Frees a seat (or a waiting-list place) and promotes the head of the session's list exactly once. */
  private async releaseSeat(em: EntityManager, eventId: string, sessionId: string, seatId: string): Promise<boolean> {
    await this.repo.lockCounters(eventId, sessionId, em);
    if (!(await this.repo.deleteSeat(eventId, sessionId, seatId, em))) return false;
    await this.promote(em, eventId, sessionId);
    return true;
  }

  private async promote(em: EntityManager, eventId: string, sessionId: string): Promise<void> {
    for (let userId = await this.repo.promoteHead(eventId, sessionId, em); userId; userId = await this.repo.promoteHead(eventId, sessionId, em)) {
      await this.notifications.enqueue(em, { template: 'session_seat.promoted', userId, eventId, payload: { sessionId } });
    }
  }

  /**
   * Who may watch a session's stream (the audience module issues stream tokens on this): the
   * session and the caller's confirmed registration whose mode admits its format, as `stream` decides;
   * null when not admitted. Throws 404 for a session the caller may not know of, or without a stream.
   */
  async streamAdmission(sessionId: string, user: AuthUser): Promise<{ eventId: string; registrationId: string; session: SessionPlace } | null> {
    const s = await this.visibleSession(sessionId, user);
    if (s.format === 'in_person' || !s.channelId) throw notFound('Stream');
    const reg = await this.repo.confirmedRegistration(s.eventId, user.id);
    const admits = reg && (reg.mode === 'online' || s.format === 'hybrid');
    return admits ? { eventId: s.eventId, registrationId: reg.id, session: s } : null;
  }

  /**
   * The stream link of a session, for confirmed registrants whose mode admits its format: online
   * registrants for online and hybrid sessions, in-person registrants for hybrid sessions (a
   * hybrid session is open to both modes). In-person-only sessions have no stream (404).
   */
  async stream(sessionId: string, user: AuthUser): Promise<StreamResponseDto> {
    const s = await this.visibleSession(sessionId, user);
    if (s.format === 'in_person' || !s.channelId) throw notFound('Stream');
    const mode = await this.repo.confirmedMode(s.eventId, user.id);
    const admits = mode === 'online' || (mode && s.format === 'hybrid');
    if (!admits) throw forbidden('The stream is for confirmed registrants whose attendance mode admits this session');
    const channel = await this.rooms.streamOf(s.eventId, s.channelId);
    if (!channel?.streamUrl) throw notFound('Stream');
    return { sessionId, url: channel.streamUrl, platform: channel.platform };
  }
}
