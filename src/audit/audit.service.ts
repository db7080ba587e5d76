import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  eventId: string;
  /** Who made the change (null: the system, e.g. a promotion from the waiting list). */
  actorId: string | null;
  /** e.g. `session.update`, `member.add`, `submission.decide` */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** The audit log: who changed what in an edition, when, with the values before and after. */
@Injectable()
export class AuditService {
  /** Writes the entry inside the caller's transaction, so it exists exactly when the change does. */
  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await em.query(
      `INSERT INTO audit_log (event_id, actor_id, action, entity_type, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.eventId,
        entry.actorId,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      ],
    );
  }
}
