import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { page, type Page } from '../common/pagination/pagination.js';
import { toLocalIso } from '../common/time/local-time.js';
import type { AuditEntryDto, ListAuditQueryDto } from './audit.dto.js';

/** Reads the audit log of an edition, newest first. */
@Injectable()
export class AuditQueryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(eventId: string, q: ListAuditQueryDto): Promise<Page<AuditEntryDto>> {
    const rows: {
      id: string;
      actor_id: string | null;
      actor_name: string | null;
      actor_email: string | null;
      action: string;
      entity_type: string;
      entity_id: string;
      before: unknown;
      after: unknown;
      created_at: Date;
      time_zone: string;
      total: number;
    }[] = await this.db.query(
      `SELECT a.id, a.actor_id, u.name AS actor_name, u.email AS actor_email, a.action, a.entity_type, a.entity_id,
              a.before, a.after, a.created_at, e.time_zone, count(*) OVER ()::int AS total
         FROM audit_log a JOIN events e ON e.id = a.event_id LEFT JOIN users u ON u.id = a.actor_id
        WHERE a.event_id = $1 AND ($2::text IS NULL OR a.entity_type = $2) AND ($3::uuid IS NULL OR a.entity_id = $3)
          AND ($4::text IS NULL OR a.action = $4)
        ORDER BY a.created_at DESC, a.id
        LIMIT $5 OFFSET $6`,
      [eventId, q.entityType ?? null, q.entityId ?? null, q.action ?? null, q.limit, q.offset],
    );
    const items = rows.map((r) => ({
      id: r.id,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '', email: r.actor_email ?? '' } : null,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      at: toLocalIso(r.created_at, r.time_zone)!,
    }));
    return page(items, rows[0]?.total ?? 0, q);
  }
}
