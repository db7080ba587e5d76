import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  action?: string;
  offset: number;
  limit: number;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The audit log (`audit_log`): written in the change's transaction, read newest first. */
@Injectable()
export class AuditRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  async insert(entry: Pick<AuditEntryEntity, 'eventId' | 'actorId' | 'action' | 'entityType' | 'entityId' | 'before' | 'after'>, em: EntityManager): Promise<void> {
    await this.affected(
      `INSERT INTO audit_log (event_id, actor_id, action, entity_type, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [entry.eventId, entry.actorId, entry.action, entry.entityType, entry.entityId, json(entry.before), json(entry.after)],
      em,
    );
  }

  page(eventId: string, f: AuditFilter): Promise<[AuditEntryEntity[], number]> {
    return this.manager().findAndCount(AuditEntryEntity, {
      where: { eventId, ...(f.entityType ? { entityType: f.entityType } : {}), ...(f.entityId ? { entityId: f.entityId } : {}), ...(f.action ? { action: f.action } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: f.offset,
      take: f.limit,
    });
  }
}
