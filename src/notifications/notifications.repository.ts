import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import type { NotificationEntity } from './notification.entity.js';

/** A claimed outbox row, as the worker delivers it. */
export type OutboxRow = Pick<NotificationEntity, 'id' | 'recipient' | 'template' | 'attempts'> & { payload: Record<string, unknown>; userId: string | null };

/** The notification outbox (`notification_outbox`). */
@Injectable()
export class NotificationsRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /** Writes messages in the caller's transaction. */
  async insert(rows: { eventId: string | null; userId: string; recipient: string; template: string; payload: Record<string, unknown> }[], em: EntityManager): Promise<void> {
    if (!rows.length) return;
    await this.affected(
      `INSERT INTO notification_outbox (event_id, user_id, recipient, template, payload)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[])`,
      [rows.map((r) => r.eventId), rows.map((r) => r.userId), rows.map((r) => r.recipient), rows.map((r) => r.template), rows.map((r) => JSON.stringify(r.payload))],
      em,
    );
  }

  /** Claims up to `batch` due messages with a lease (SKIP LOCKED: any number of workers). */
  claimDue(now: Date, batch: number, leaseSeconds: number): Promise<OutboxRow[]> {
    return this.rows<OutboxRow>(
      `UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3)
        WHERE id IN (SELECT id FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id, recipient, template, payload, attempts, user_id AS "userId"`,
      [now, batch, leaseSeconds],
    );
  }

  async markSent(id: string): Promise<void> {
    await this.affected(`UPDATE notification_outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`, [id]);
  }

  /** A failed attempt: retried after `retryInSeconds`, or failed for good. */
  async markFailed(id: string, failed: boolean, error: string, now: Date, retryInSeconds: number): Promise<void> {
    await this.affected(
      `UPDATE notification_outbox SET status = $2, last_error = $3, next_attempt_at = $4::timestamptz + make_interval(secs => $5) WHERE id = $1`,
      [id, failed ? 'failed' : 'pending', error, now, retryInSeconds],
    );
  }

  /** How many wait, and the age of the oldest (0 when none waits). */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row] = await this.rows<{ pending: number; age: number }>(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
         FROM notification_outbox WHERE status = 'pending'`,
    );
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }
}
