import { Injectable } from '@nestjs/common';
import { page, type Page } from '../common/pagination/pagination.js';
import { toLocalIso } from '../common/time/local-time.js';
import { EventsService } from '../events/events.service.js';
import { UsersService } from '../users/users.service.js';
import type { AuditEntryDto, ListAuditQueryDto } from './audit.dto.js';
import { AuditRepository } from './audit.repository.js';

/** Reads the audit log of an edition, newest first. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly events: EventsService,
    private readonly users: UsersService,
  ) {}

  async list(eventId: string, q: ListAuditQueryDto): Promise<Page<AuditEntryDto>> {
    const { timeZone } = await this.events.getEntity(eventId);
    const [rows, total] = await this.repo.page(eventId, { entityType: q.entityType, entityId: q.entityId, action: q.action, offset: q.offset, limit: q.limit });
    const actors = new Map((await this.users.findByIds(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))).map((u) => [u.id, u]));
    const items = rows.map((r) => {
      const actor = r.actorId ? actors.get(r.actorId) : undefined;
      return {
        id: r.id,
        actor: r.actorId ? { id: r.actorId, name: actor?.name ?? '', email: actor?.email ?? '' } : null,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: r.before,
        after: r.after,
        at: toLocalIso(r.createdAt, timeZone)!,
      };
    });
    return page(items, total, q);
  }
}
