import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { canSee } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { SeatLimitResponseDto, SeatResponseDto, StreamResponseDto } from './registrations.dto.js';

interface SessionRow {
  id: string;
  event_id: string;
  format: 'in_person' | 'online' | 'hybrid';
  seat_limit: number | null;
  seats_reserved: number;
  seats_waitlisted: number;
}

/**
 * Per-session seats and stream access. A session with a seat limit is reserved by confirmed
 * in-person registrants (online attendance of a hybrid session needs no seat); the counters on the
 * session row decide every claim in one statement, and sessions_seats_within_limit backs them.
 */
@Injectable()
export class SeatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** A session the caller may know of (its edition published, or the caller a member), else 404. */
  private async visibleSession(sessionId: string, user: AuthUser): Promise<SessionRow> {
    const [s]: SessionRow[] = await this.db.query(
      `SELECT id, event_id, format, seat_limit, seats_reserved, seats_waitlisted FROM sessions WHERE id = $1`,
      [sessionId],
    );
    if (!s) throw notFound('Session');
    if (!canSee(await this.access.accessTo(user, s.event_id))) throw notFound('Session');
    return s;
  }

  async setLimit(sessionId: string, limit: number | null, actor: AuthUser): Promise<SeatLimitResponseDto> {
    return this.db.transaction(async (em) => {
      const [[before]]: [SessionRow[], number] = await em.query(
        `UPDATE sessions s SET seat_limit = $2 FROM sessions old
          WHERE s.id = $1 AND old.id = s.id AND ($2::int IS NULL OR s.seats_reserved <= $2::int)
         RETURNING s.event_id, old.seat_limit`,
        [sessionId, limit],
      );
      if (!before) {
        const exists = await em.query(`SELECT 1 FROM sessions WHERE id = $1`, [sessionId]);
        if (!exists.length) throw notFound('Session');
        throw new DomainError('CAPACITY_BELOW_CONFIRMED', 'limit is below the number of seats already reserved', [
          { field: 'limit', messages: ['is below the seats already reserved'] },
        ]);
      }
      await this.promote(em, before.event_id, sessionId);
      const [s]: SessionRow[] = await em.query(`SELECT id, event_id, seat_limit, seats_reserved, seats_waitlisted FROM sessions WHERE id = $1`, [sessionId]);
      await this.audit.record(em, {
        eventId: s.event_id,
        actorId: actor.id,
        action: 'session.seat_limit',
        entityType: 'session',
        entityId: sessionId,
        before: { seatLimit: before.seat_limit },
        after: { seatLimit: s.seat_limit },
      });
      return { sessionId, limit: s.seat_limit, reserved: s.seats_reserved, waitlisted: s.seats_waitlisted };
    });
  }

  async reserve(sessionId: string, user: AuthUser): Promise<SeatResponseDto> {
    const session = await this.visibleSession(sessionId, user);
    if (session.format === 'online') throw new DomainError('SEAT_NOT_AVAILABLE', 'An online session has no seats');
    return this.db.transaction(async (em) => {
      // Holding the registration (FOR SHARE) keeps a concurrent cancellation from slipping past.
      const [reg]: { id: string }[] = await em.query(
        `SELECT id FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed' AND mode = 'in_person' FOR SHARE`,
        [session.event_id, user.id],
      );
      if (!reg) throw new DomainError('SEAT_NOT_AVAILABLE', 'Seats are reserved by confirmed in-person registrants of the edition');
      const held = await em.query(`SELECT 1 FROM session_seats WHERE event_id = $1 AND session_id = $2 AND user_id = $3`, [session.event_id, sessionId, user.id]);
      if (held.length) throw new DomainError('ALREADY_SEATED', 'You already hold a seat or a waiting-list place in this session');
      let status: 'reserved' | 'waitlisted' | undefined;
      let position: number | null = null;
      for (let attempt = 0; !status && attempt < 5; attempt++) {
        const [seat]: [unknown[], number] = await em.query(
          `UPDATE sessions SET seats_reserved = seats_reserved + 1
            WHERE event_id = $1 AND id = $2 AND seats_waitlisted = 0 AND (seat_limit IS NULL OR seats_reserved < seat_limit) RETURNING id`,
          [session.event_id, sessionId],
        );
        if (seat.length) {
          status = 'reserved';
          break;
        }
        const [line]: [{ seats_waitlisted: number }[], number] = await em.query(
          `UPDATE sessions SET seats_waitlisted = seats_waitlisted + 1
            WHERE event_id = $1 AND id = $2 AND (seats_waitlisted > 0 OR (seat_limit IS NOT NULL AND seats_reserved >= seat_limit))
           RETURNING seats_waitlisted`,
          [session.event_id, sessionId],
        );
        if (line.length) {
          status = 'waitlisted';
          position = line[0].seats_waitlisted;
        }
      }
      if (!status) throw new DomainError('CONFLICT', 'The request collided with concurrent changes; retry it');
      await em.query(
        `INSERT INTO session_seats (event_id, session_id, registration_id, user_id, status, waitlist_position) VALUES ($1, $2, $3, $4, $5, $6)`,
        [session.event_id, sessionId, reg.id, user.id, status, position],
      );
      return { sessionId, status, ...(position ? { waitlistPosition: position } : {}) };
    });
  }

  async release(sessionId: string, user: AuthUser): Promise<void> {
    const session = await this.visibleSession(sessionId, user);
    await this.db.transaction(async (em) => {
      const [seat]: { id: string }[] = await em.query(`SELECT id FROM session_seats WHERE event_id = $1 AND session_id = $2 AND user_id = $3`, [
        session.event_id,
        sessionId,
        user.id,
      ]);
      if (!seat) throw notFound('Seat');
      if (!(await this.releaseSeat(em, session.event_id, sessionId, seat.id))) throw notFound('Seat');
    });
  }

  /** Releases every seat of a registration (when it is cancelled), promoting in each session. */
  async releaseAllOf(em: EntityManager, eventId: string, registrationId: string): Promise<void> {
    const seats: { id: string; session_id: string }[] = await em.query(
      `SELECT id, session_id FROM session_seats WHERE event_id = $1 AND registration_id = $2 ORDER BY session_id`,
      [eventId, registrationId],
    );
    for (const s of seats) await this.releaseSeat(em, eventId, s.session_id, s.id);
  }

  /** Frees a seat (or a waiting-list place) and promotes the head of the session's list exactly once. */
  private async releaseSeat(em: EntityManager, eventId: string, sessionId: string, seatId: string): Promise<boolean> {
    // The session row is the lock every writer of its seats takes first.
    await em.query(`SELECT 1 FROM sessions WHERE event_id = $1 AND id = $2 FOR UPDATE`, [eventId, sessionId]);
    const [gone]: [{ status: string; waitlist_position: number | null }[], number] = await em.query(
      `DELETE FROM session_seats WHERE id = $1 RETURNING status, waitlist_position`,
      [seatId],
    );
    if (!gone.length) return false;
    const { status, waitlist_position } = gone[0];
    if (status === 'reserved') {
      await em.query(`UPDATE sessions SET seats_reserved = seats_reserved - 1 WHERE event_id = $1 AND id = $2`, [eventId, sessionId]);
    } else {
      await em.query(`UPDATE sessions SET seats_waitlisted = seats_waitlisted - 1 WHERE event_id = $1 AND id = $2`, [eventId, sessionId]);
      await em.query(
        `UPDATE session_seats SET waitlist_position = waitlist_position - 1
          WHERE event_id = $1 AND session_id = $2 AND status = 'waitlisted' AND waitlist_position > $3`,
        [eventId, sessionId, waitlist_position],
      );
    }
    await this.promote(em, eventId, sessionId);
    return true;
  }

  private async promote(em: EntityManager, eventId: string, sessionId: string): Promise<void> {
    for (;;) {
      const [claimed]: [unknown[], number] = await em.query(
        `UPDATE sessions SET seats_reserved = seats_reserved + 1, seats_waitlisted = seats_waitlisted - 1
          WHERE event_id = $1 AND id = $2 AND seats_waitlisted > 0 AND (seat_limit IS NULL OR seats_reserved < seat_limit) RETURNING id`,
        [eventId, sessionId],
      );
      if (!claimed.length) return;
      const [[head]]: [{ user_id: string }[], number] = await em.query(
        `UPDATE session_seats SET status = 'reserved', waitlist_position = NULL, promoted_at = now()
          WHERE event_id = $1 AND session_id = $2 AND status = 'waitlisted' AND waitlist_position = 1 RETURNING user_id`,
        [eventId, sessionId],
      );
      if (!head) throw new Error(`seat waiting list of session ${sessionId} has no head`);
      await em.query(
        `UPDATE session_seats SET waitlist_position = waitlist_position - 1 WHERE event_id = $1 AND session_id = $2 AND status = 'waitlisted'`,
        [eventId, sessionId],
      );
      await this.notifications.enqueue(em, { template: 'session_seat.promoted', userId: head.user_id, eventId, payload: { sessionId } });
    }
  }

  /**
   * The stream link of a session, for confirmed registrants whose mode admits its format: online
   * registrants for online and hybrid sessions, in-person registrants for hybrid sessions (a
   * hybrid session is open to both modes). In-person-only sessions have no stream (404).
   */
  async stream(sessionId: string, user: AuthUser): Promise<StreamResponseDto> {
    const [s]: { id: string; event_id: string; format: string; stream_url: string | null; platform: string | null }[] = await this.db.query(
      `SELECT s.id, s.event_id, s.format, c.stream_url, c.platform
         FROM sessions s LEFT JOIN rooms c ON c.event_id = s.event_id AND c.id = s.channel_id WHERE s.id = $1`,
      [sessionId],
    );
    if (!s) throw notFound('Session');
    if (!canSee(await this.access.accessTo(user, s.event_id))) throw notFound('Session');
    if (s.format === 'in_person') throw notFound('Stream');
    const [reg]: { mode: string }[] = await this.db.query(
      `SELECT mode FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed'`,
      [s.event_id, user.id],
    );
    const admits = reg && (reg.mode === 'online' || s.format === 'hybrid');
    if (!admits) throw forbidden('The stream is for confirmed registrants whose attendance mode admits this session');
    if (!s.stream_url) throw notFound('Stream');
    return { sessionId, url: s.stream_url, platform: s.platform };
  }
}
