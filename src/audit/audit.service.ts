import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditRepository } from './audit.repository.js';

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
  constructor(private readonly repo: AuditRepository) {}

  /** Writes the entry inside the caller's transaction, so it exists exactly when the change does. */
  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await this.repo.insert({ ...entry, before: entry.before ?? null, after: entry.after ?? null }, em);
  }
}
