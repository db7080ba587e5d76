import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import type { RegistrationMode } from './registration.entity.js';
import { SessionSeatCounterEntity } from './session-seat-counter.entity.js';
import type { SessionSeatEntity } from './session-seat.entity.js';

/**
 * Per-session seats (`session_seats`) and their counters (`session_seat_counters`). Every claim is
 * decided by one UPDATE of the counters row; the row is also the lock every writer of a session's
 * seats takes first. (A later redesign claims seat rows with SKIP LOCKED: issue 15.)
 */
@Injectable()
export class SeatsRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  counters(eventId: string, sessionId: string, em?: EntityManager): Promise<SessionSeatCounterEntity | null> {
    return this.manager(em).findOneBy(SessionSeatCounterEntity, { eventId, sessionId });
  }

  /** The counters row exists from the first seat or limit on (a session without one has no limit and no seats). */
  async ensureCounters(eventId: string, sessionId: string, em: EntityManager): Promise<void> {
    await this.affected(`INSERT INTO session_seat_counters (event_id, session_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [eventId, sessionId], em);
  }

  /** Locks the counters row: the lock every writer of the session's seats takes first. */
  async lockCounters(eventId: string, sessionId: string, em: EntityManager): Promise<void> {
    await this.affected(`SELECT 1 FROM session_seat_counters WHERE event_id = $1 AND session_id = $2 FOR UPDATE`, [eventId, sessionId], em);
  }

  /** Sets the limit unless it is below the seats reserved; answers the previous limit, or 'below'. */
  async setLimit(eventId: string, sessionId: string, limit: number | null, em: EntityManager): Promise<{ previous: number | null } | 'below'> {
    const row = await this.first<{ seat_limit: number | null }>(
      `UPDATE session_seat_counters c SET seat_limit = $3 FROM session_seat_counters old
        WHERE c.event_id = $1 AND c.session_id = $2 AND old.event_id = c.event_id AND old.session_id = c.session_id
          AND ($3::int IS NULL OR c.reserved <= $3::int)
       RETURNING old.seat_limit`,
      [eventId, sessionId, limit],
      em,
    );
    return row ? { previous: row.seat_limit } : 'below';
  }

  /** The registration that entitles a user to a seat (confirmed, in person), held FOR SHARE against a concurrent cancellation. */
  async seatingRegistration(eventId: string, userId: string, em: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>(
      `SELECT id FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed' AND mode = 'in_person' FOR SHARE`,
      [eventId, userId],
      em,
    );
    return row?.id;
  }

  /** The mode of a user's confirmed registration, if any. */
  async confirmedMode(eventId: string, userId: string): Promise<RegistrationMode | undefined> {
    const row = await this.first<{ mode: RegistrationMode }>(`SELECT mode FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed'`, [eventId, userId]);
    return row?.mode;
  }

  async confirmedRegistration(eventId: string, userId: string): Promise<{ id: string; mode: RegistrationMode } | undefined> {
    return this.first<{ id: string; mode: RegistrationMode }>(`SELECT id, mode FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed'`, [eventId, userId]);
  }

  async seatOf(eventId: string, sessionId: string, userId: string, em: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>(`SELECT id FROM session_seats WHERE event_id = $1 AND session_id = $2 AND user_id = $3`, [eventId, sessionId, userId], em);
    return row?.id;
  }

  /** Takes a free seat when nobody waits: true when one was taken. */
  async claimSeat(eventId: string, sessionId: string, em: EntityManager): Promise<boolean> {
    const taken = await this.affected(
      `UPDATE session_seat_counters SET reserved = reserved + 1
        WHERE event_id = $1 AND session_id = $2 AND waitlisted = 0 AND (seat_limit IS NULL OR reserved < seat_limit)`,
      [eventId, sessionId],
      em,
    );
    return taken > 0;
  }

  /** Joins the waiting list when the session is full (or others wait): the position, or undefined. */
  async joinWaitlist(eventId: string, sessionId: string, em: EntityManager): Promise<number | undefined> {
    const row = await this.first<{ waitlisted: number }>(
      `UPDATE session_seat_counters SET waitlisted = waitlisted + 1
        WHERE event_id = $1 AND session_id = $2 AND (waitlisted > 0 OR (seat_limit IS NOT NULL AND reserved >= seat_limit))
       RETURNING waitlisted`,
      [eventId, sessionId],
      em,
    );
    return row?.waitlisted;
  }

  async insertSeat(seat: Pick<SessionSeatEntity, 'eventId' | 'sessionId' | 'registrationId' | 'userId' | 'status' | 'waitlistPosition'>, em: EntityManager): Promise<void> {
    await this.affected(
      `INSERT INTO session_seats (event_id, session_id, registration_id, user_id, status, waitlist_position) VALUES ($1, $2, $3, $4, $5, $6)`,
      [seat.eventId, seat.sessionId, seat.registrationId, seat.userId, seat.status, seat.waitlistPosition],
      em,
    );
  }

  seatsOfRegistration(eventId: string, registrationId: string, em: EntityManager): Promise<{ id: string; session_id: string }[]> {
    return this.rows(`SELECT id, session_id FROM session_seats WHERE event_id = $1 AND registration_id = $2 ORDER BY session_id`, [eventId, registrationId], em);
  }

  /** Deletes a seat (or waiting-list place) and gives back its counter; false when it was gone already. */
  async deleteSeat(eventId: string, sessionId: string, seatId: string, em: EntityManager): Promise<boolean> {
    const gone = await this.first<{ status: SessionSeatEntity['status']; waitlist_position: number | null }>(
      `DELETE FROM session_seats WHERE id = $1 RETURNING status, waitlist_position`,
      [seatId],
      em,
    );
    if (!gone) return false;
    if (gone.status === 'reserved') {
      await this.affected(`UPDATE session_seat_counters SET reserved = reserved - 1 WHERE event_id = $1 AND session_id = $2`, [eventId, sessionId], em);
    } else {
      await this.affected(`UPDATE session_seat_counters SET waitlisted = waitlisted - 1 WHERE event_id = $1 AND session_id = $2`, [eventId, sessionId], em);
      await this.affected(
        `UPDATE session_seats SET waitlist_position = waitlist_position - 1
          WHERE event_id = $1 AND session_id = $2 AND status = 'waitlisted' AND waitlist_position > $3`,
        [eventId, sessionId, gone.waitlist_position],
        em,
      );
    }
    return true;
  }

  /** Seats the head of the waiting list when a seat is free: the user promoted, or undefined. */
  async promoteHead(eventId: string, sessionId: string, em: EntityManager): Promise<string | undefined> {
    const claimed = await this.affected(
      `UPDATE session_seat_counters SET reserved = reserved + 1, waitlisted = waitlisted - 1
        WHERE event_id = $1 AND session_id = $2 AND waitlisted > 0 AND (seat_limit IS NULL OR reserved < seat_limit)`,
      [eventId, sessionId],
      em,
    );
    if (!claimed) return undefined;
    const head = await this.first<{ user_id: string }>(
      `UPDATE session_seats SET status = 'reserved', waitlist_position = NULL, promoted_at = now()
        WHERE event_id = $1 AND session_id = $2 AND status = 'waitlisted' AND waitlist_position = 1 RETURNING user_id`,
      [eventId, sessionId],
      em,
    );
    if (!head) throw new Error(`seat waiting list of session ${sessionId} has no head`);
    await this.affected(
      `UPDATE session_seats SET waitlist_position = waitlist_position - 1 WHERE event_id = $1 AND session_id = $2 AND status = 'waitlisted'`,
      [eventId, sessionId],
      em,
    );
    return head.user_id;
  }
}
