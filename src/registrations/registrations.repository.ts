import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import type { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import type { RegistrationEntity, RegistrationMode, RegistrationStatus } from './registration.entity.js';

/** A registration as the service decides on it and answers with it. */
export type RegistrationRow = Pick<RegistrationEntity, 'id' | 'eventId' | 'userId' | 'mode' | 'status' | 'waitlistPosition' | 'checkedInAt' | 'createdAt'>;

export interface RegistrationFilter {
  mode?: RegistrationMode;
  status?: RegistrationStatus;
  checkedIn?: boolean;
}

const COLUMNS = `id, event_id AS "eventId", user_id AS "userId", mode, status, waitlist_position AS "waitlistPosition", checked_in_at AS "checkedInAt", created_at AS "createdAt"`;
const FILTER = `event_id = $1 AND ($2::text IS NULL OR mode = $2) AND ($3::text IS NULL OR status = $3) AND ($4::boolean IS NULL OR (checked_in_at IS NOT NULL) = $4)`;
const filterParams = (eventId: string, f: RegistrationFilter) => [eventId, f.mode ?? null, f.status ?? null, f.checkedIn ?? null];

/** Registrations, their capacities per mode, and Idempotency-Keys. */
@Injectable()
export class RegistrationsRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  // -- Idempotency-Keys

  /** Waits at most `ms` for a lock in the rest of the caller's transaction. */
  async lockTimeout(ms: number | null, em: EntityManager): Promise<void> {
    await this.rows(`SELECT set_config('lock_timeout', $1, true)`, [ms === null ? '0' : String(ms)], em);
  }

  /** Claims a key (or an expired one afresh); undefined when a live key exists (waits on a concurrent claim). */
  async claimKey(k: { userId: string; scope: string; key: string; requestHash: string; ttlHours: number }, em: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO idempotency_keys (user_id, scope, key, request_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
       ON CONFLICT (user_id, scope, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, expires_at = EXCLUDED.expires_at, created_at = now(),
              response_status = NULL, response_body = NULL
        WHERE idempotency_keys.expires_at <= now()
       RETURNING id`,
      [k.userId, k.scope, k.key, k.requestHash, k.ttlHours],
      em,
    );
    return row?.id;
  }

  priorKey(userId: string, scope: string, key: string, em: EntityManager): Promise<Pick<IdempotencyKeyEntity, 'requestHash' | 'responseStatus' | 'responseBody'> | undefined> {
    return this.first(
      `SELECT request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody"
         FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND key = $3`,
      [userId, scope, key],
      em,
    );
  }

  async storeResponse(keyId: string, status: number, body: string, em: EntityManager): Promise<void> {
    await this.affected(`UPDATE idempotency_keys SET response_status = $2, response_body = $3 WHERE id = $1`, [keyId, status, body], em);
  }

  purgeExpiredKeys(now: Date): Promise<number> {
    return this.affected(`DELETE FROM idempotency_keys WHERE expires_at <= $1`, [now]);
  }

  // -- registrations and capacities

  async hasActive(eventId: string, userId: string, em: EntityManager): Promise<boolean> {
    return !!(await this.first(`SELECT 1 FROM registrations WHERE event_id = $1 AND user_id = $2 AND status <> 'cancelled'`, [eventId, userId], em));
  }

  /** Takes a seat of the mode when one is free and nobody waits: true when taken. */
  async claimSeat(eventId: string, mode: RegistrationMode, em: EntityManager): Promise<boolean> {
    const n = await this.affected(
      `UPDATE registration_capacities SET confirmed = confirmed + 1
        WHERE event_id = $1 AND mode = $2 AND waitlisted = 0 AND (capacity IS NULL OR confirmed < capacity)`,
      [eventId, mode],
      em,
    );
    return n > 0;
  }

  /** Joins the mode's waiting list while it is full (or others wait): the position, or undefined. */
  async joinWaitlist(eventId: string, mode: RegistrationMode, em: EntityManager): Promise<number | undefined> {
    const row = await this.first<{ waitlisted: number }>(
      `UPDATE registration_capacities SET waitlisted = waitlisted + 1
        WHERE event_id = $1 AND mode = $2 AND (waitlisted > 0 OR (capacity IS NOT NULL AND confirmed >= capacity)) RETURNING waitlisted`,
      [eventId, mode],
      em,
    );
    return row?.waitlisted;
  }

  async insert(r: Pick<RegistrationEntity, 'eventId' | 'userId' | 'mode' | 'status' | 'waitlistPosition' | 'ticketToken'>, em: EntityManager): Promise<RegistrationRow> {
    const [row] = await this.rows<RegistrationRow>(
      `INSERT INTO registrations (event_id, user_id, mode, status, waitlist_position, ticket_token)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [r.eventId, r.userId, r.mode, r.status, r.waitlistPosition, r.ticketToken],
      em,
    );
    return row;
  }

  ofUser(userId: string): Promise<RegistrationRow[]> {
    return this.rows(`SELECT ${COLUMNS} FROM registrations WHERE user_id = $1 ORDER BY created_at DESC`, [userId]);
  }

  find(id: string, em?: EntityManager): Promise<RegistrationRow | undefined> {
    return this.first(`SELECT ${COLUMNS} FROM registrations WHERE id = $1`, [id], em);
  }

  findOwn(id: string, userId: string, em?: EntityManager): Promise<(RegistrationRow & Pick<RegistrationEntity, 'ticketToken'>) | undefined> {
    return this.first(`SELECT ${COLUMNS}, ticket_token AS "ticketToken" FROM registrations WHERE id = $1 AND user_id = $2`, [id, userId], em);
  }

  /** Locks the mode's capacity row: the lock every writer of the mode's registrations takes first. */
  async lockCapacity(eventId: string, mode: RegistrationMode, em: EntityManager): Promise<void> {
    await this.rows(`SELECT 1 FROM registration_capacities WHERE event_id = $1 AND mode = $2 FOR UPDATE`, [eventId, mode], em);
  }

  /** Cancels; answers the status and position it had, or undefined when it was cancelled already. */
  cancel(id: string, em: EntityManager): Promise<Pick<RegistrationRow, 'status' | 'waitlistPosition'> | undefined> {
    return this.first(
      `UPDATE registrations r SET status = 'cancelled', waitlist_position = NULL, cancelled_at = now(), updated_at = now()
         FROM registrations old
        WHERE r.id = $1 AND old.id = r.id AND r.status <> 'cancelled'
       RETURNING old.status, old.waitlist_position AS "waitlistPosition"`,
      [id],
      em,
    );
  }

  async releaseSeat(eventId: string, mode: RegistrationMode, em: EntityManager): Promise<void> {
    await this.affected(`UPDATE registration_capacities SET confirmed = confirmed - 1 WHERE event_id = $1 AND mode = $2`, [eventId, mode], em);
  }

  /** Leaves the waiting list: those behind move up one place. */
  async leaveWaitlist(eventId: string, mode: RegistrationMode, position: number | null, em: EntityManager): Promise<void> {
    await this.affected(`UPDATE registration_capacities SET waitlisted = waitlisted - 1 WHERE event_id = $1 AND mode = $2`, [eventId, mode], em);
    await this.affected(
      `UPDATE registrations SET waitlist_position = waitlist_position - 1, updated_at = now()
        WHERE event_id = $1 AND mode = $2 AND status = 'waitlisted' AND waitlist_position > $3`,
      [eventId, mode, position],
      em,
    );
  }

  /** Promotes the head of the mode's waiting list while seats are free (registration_promote: one statement each). */
  async promote(eventId: string, mode: RegistrationMode, em: EntityManager): Promise<void> {
    await this.rows(`SELECT registration_promote($1, $2)`, [eventId, mode], em);
  }

  /** Checks a confirmed ticket in once; undefined when nothing changed. */
  checkIn(eventId: string, token: string, actorId: string, em: EntityManager): Promise<Pick<RegistrationRow, 'id' | 'userId' | 'mode' | 'checkedInAt'> | undefined> {
    return this.first(
      `UPDATE registrations SET checked_in_at = now(), checked_in_by = $3, updated_at = now()
        WHERE event_id = $1 AND ticket_token = $2 AND status = 'confirmed' AND checked_in_at IS NULL
       RETURNING id, user_id AS "userId", mode, checked_in_at AS "checkedInAt"`,
      [eventId, token, actorId],
      em,
    );
  }

  byTicket(eventId: string, token: string, em: EntityManager): Promise<Pick<RegistrationRow, 'status' | 'checkedInAt'> | undefined> {
    return this.first(`SELECT status, checked_in_at AS "checkedInAt" FROM registrations WHERE event_id = $1 AND ticket_token = $2`, [eventId, token], em);
  }

  /** A page of the edition's registrations in order of arrival, and how many match. */
  async page(eventId: string, f: RegistrationFilter, offset: number, limit: number): Promise<[RegistrationRow[], number]> {
    const rows = await this.rows<RegistrationRow & { total: number }>(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM registrations WHERE ${FILTER} ORDER BY created_at, id LIMIT $5 OFFSET $6`,
      [...filterParams(eventId, f), limit, offset],
    );
    if (rows.length || offset === 0) return [rows, rows[0]?.total ?? 0];
    const [c] = await this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM registrations WHERE ${FILTER}`, filterParams(eventId, f));
    return [rows, c.n];
  }

  all(eventId: string, f: RegistrationFilter): Promise<RegistrationRow[]> {
    return this.rows(`SELECT ${COLUMNS} FROM registrations WHERE ${FILTER} ORDER BY created_at, id`, filterParams(eventId, f));
  }

  counts(eventId: string): Promise<{ mode: RegistrationMode; status: RegistrationStatus; count: number }[]> {
    return this.rows(`SELECT mode, status, count(*)::int AS count FROM registrations WHERE event_id = $1 GROUP BY mode, status ORDER BY mode, status`, [eventId]);
  }

  /** How many confirmed registrations of the edition have checked in. */
  async countCheckedIn(eventId: string): Promise<number> {
    const [{ n }] = await this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND status = 'confirmed' AND checked_in_at IS NOT NULL`, [eventId]);
    return n;
  }
}
