import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser, EditionAccess } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import type { EventRole } from '../events/event-member.entity.js';

const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Who may do what in an edition. Roles are per edition: an organiser of one edition is a stranger
 * to another. Used by the roles guard and by services that need finer checks (a track chair's tracks).
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's roles in an edition; throws NOT_FOUND when the edition does not exist. */
  async accessTo(user: AuthUser | undefined, eventId: string): Promise<EditionAccess> {
    const rows: { published: boolean; role: EventRole | null; track_ids: string[] | null }[] = await this.db.query(
      `SELECT e.published_at IS NOT NULL AS published, m.role, m.track_ids
         FROM events e LEFT JOIN event_members m ON m.event_id = e.id AND m.user_id = $2
        WHERE e.id = $1`,
      [eventId, user?.id ?? null],
    );
    if (!rows.length) throw notFound('Edition');
    const roles = rows.flatMap((r) => (r.role ? [r.role] : []));
    return {
      eventId,
      roles,
      trackIds: [...new Set(rows.flatMap((r) => r.track_ids ?? []))],
      isAdmin: user?.isAdmin ?? false,
      published: rows[0].published,
    };
  }

  /** The edition a row belongs to (`SELECT event_id FROM <table> WHERE id = $1`). */
  async editionOf(table: string, id: string, column = 'id'): Promise<string> {
    if (!SAFE_IDENTIFIER.test(table) || !SAFE_IDENTIFIER.test(column)) throw new Error(`unsafe identifier ${table}.${column}`);
    const rows: { event_id: string }[] = await this.db.query(`SELECT event_id FROM ${table} WHERE ${column} = $1`, [id]);
    if (!rows.length) throw notFound(table.replace(/s$/, '').replace(/_/g, ' '));
    return rows[0].event_id;
  }

  /**
   * Requires one of `roles` (admins always pass). Someone with no standing in an unpublished
   * edition learns nothing of it (404); otherwise 403.
   */
  require(access: EditionAccess, roles: readonly EventRole[]): void {
    if (access.isAdmin || access.roles.some((r) => roles.includes(r))) return;
    if (!access.published && access.roles.length === 0) throw notFound('Edition');
    throw new DomainError('FORBIDDEN', `This needs one of the roles ${roles.join(', ')} in this edition`);
  }

  /** May the caller see this edition at all (published, or a member, or admin)? */
  canSee(access: EditionAccess): boolean {
    return access.published || access.isAdmin || access.roles.length > 0;
  }

  static has(access: EditionAccess, ...roles: EventRole[]): boolean {
    return access.isAdmin || access.roles.some((r) => roles.includes(r));
  }
}
