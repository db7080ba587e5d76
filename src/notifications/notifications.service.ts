import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface OutgoingNotification {
  /** Which message, e.g. `submission.accepted`. */
  template: string;
  /** The addressee; their email is looked up in the same statement. */
  userId: string;
  eventId?: string | null;
  /** Values the template shows (escaped when rendered). */
  payload?: Record<string, unknown>;
}

@Injectable()
export class NotificationsService {
  /**
   * Writes notifications to the outbox inside the caller's transaction (`em`), so that a message
   * exists exactly when the change it reports was committed.
   */
  async enqueue(em: EntityManager, ...messages: OutgoingNotification[]): Promise<void> {
    for (const m of messages) {
      await em.query(
        `INSERT INTO notification_outbox (event_id, user_id, recipient, template, payload)
         SELECT $1, u.id, u.email, $3, $4 FROM users u WHERE u.id = $2`,
        [m.eventId ?? null, m.userId, m.template, JSON.stringify(m.payload ?? {})],
      );
    }
  }

  /** The outbox backlog for the metrics: messages waiting to be sent, and the age of the oldest. */
  async backlog(em: Pick<EntityManager, 'query'>): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row]: { pending: number; age: number }[] = await em.query(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
         FROM notification_outbox WHERE status = 'pending'`,
    );
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }
}
