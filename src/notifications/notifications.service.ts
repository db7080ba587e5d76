import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UsersService } from '../users/users.service.js';
import { NotificationsRepository } from './notifications.repository.js';

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
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly users: UsersService,
  ) {}

  /**
   * Writes notifications to the outbox inside the caller's transaction (`em`), so that a message
   * exists exactly when the change it reports was committed. A user who no longer exists gets none.
   */
  async enqueue(em: EntityManager, ...messages: OutgoingNotification[]): Promise<void> {
    const emails = new Map((await this.users.findByIds(messages.map((m) => m.userId), em)).map((u) => [u.id, u.email]));
    await this.repo.insert(
      messages.flatMap((m) =>
        emails.has(m.userId) ? [{ eventId: m.eventId ?? null, userId: m.userId, recipient: emails.get(m.userId)!, template: m.template, payload: m.payload ?? {} }] : [],
      ),
      em,
    );
  }

  /** The outbox backlog for the metrics: messages waiting to be sent, and the age of the oldest. */
  backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    return this.repo.backlog();
  }

}
