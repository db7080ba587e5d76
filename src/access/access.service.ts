import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { AccessRepository } from './access.repository.js';
import { canSee, hasRole, type EditionAccess } from './edition-access.js';
import type { EventMemberEntity } from './event-member.entity.js';
import type { EventRole } from './event-role.js';
import { ACCESS_RESOURCES, type AccessResource } from './resources.js';

/**
 * The one access policy. Who may do what in an edition (roles are per edition: an organiser of
 * one edition is a stranger to another), which edition a row belongs to, and who may see an
 * edition at all. Used by the route guard and by services that need finer checks.
 */
@Injectable()
export class AccessService {
  constructor(private readonly repo: AccessRepository) {}

  /** The caller's roles in an edition; throws NOT_FOUND when the edition does not exist. */
  async accessTo(user: AuthUser | undefined, eventId: string, em?: EntityManager): Promise<EditionAccess> {
    const rows = await this.repo.standing(eventId, user?.id ?? null, em);
    if (!rows.length) throw notFound('Edition');
    return {
      eventId,
      roles: rows.flatMap((r) => (r.role ? [r.role] : [])),
      trackIds: [...new Set(rows.flatMap((r) => r.track_ids ?? []))],
      isAdmin: user?.isAdmin ?? false,
      published: rows[0].published,
    };
  }

  /** The caller's standing in an edition they may see; anyone else learns nothing of it (404). */
  async requireVisible(user: AuthUser | undefined, eventId: string, em?: EntityManager): Promise<EditionAccess> {
    const access = await this.accessTo(user, eventId, em);
    if (!canSee(access)) throw notFound('Edition');
    return access;
  }

  /**
   * Which editions' drafts the caller may list besides every published edition: all (admins), the
   * editions they are a member of, or none (anonymous).
   */
  async visibleDrafts(user: AuthUser | undefined): Promise<'all' | string[]> {
    if (user?.isAdmin) return 'all';
    return user ? this.repo.memberEditionIds(user.id) : [];
  }

  /** The edition a row belongs to; NOT_FOUND naming the resource when there is no such row. */
  async editionOf(resource: AccessResource, id: string): Promise<string> {
    const eventId = await this.repo.editionOf(resource, id);
    if (!eventId) throw notFound(ACCESS_RESOURCES[resource]);
    return eventId;
  }

  /**
   * Requires one of `roles` (admins always pass). Someone with no standing in an unpublished
   * edition learns nothing of it (404); otherwise 403.
   */
  require(access: EditionAccess, roles: readonly EventRole[]): void {
    if (hasRole(access, ...roles)) return;
    if (!canSee(access)) throw notFound('Edition');
    throw new DomainError('FORBIDDEN', `This needs one of the roles ${roles.join(', ')} in this edition`);
  }

  members(eventId: string): Promise<EventMemberEntity[]> {
    return this.repo.members(eventId);
  }

  membershipsOf(userId: string): Promise<EventMemberEntity[]> {
    return this.repo.membershipsOf(userId);
  }

  forgetTrack(eventId: string, trackId: string, em: EntityManager): Promise<void> {
    return this.repo.forgetTrack(eventId, trackId, em);
  }

  grant(eventId: string, userId: string, role: EventRole, trackIds: string[], em: EntityManager): Promise<EventMemberEntity> {
    return this.repo.grant(eventId, userId, role, trackIds, em);
  }

  /** Withdraws one role (or all); an edition keeps at least one owner (LAST_OWNER). */
  async revoke(eventId: string, userId: string, role: EventRole | undefined, em: EntityManager): Promise<EventRole[]> {
    const owners = await this.repo.lockOwners(eventId, em);
    const removesOwner = owners.includes(userId) && (!role || role === 'owner');
    if (removesOwner && owners.length === 1) throw new DomainError('LAST_OWNER', 'An edition keeps at least one owner');
    const removed = await this.repo.revoke(eventId, userId, role ?? null, em);
    if (!removed.length) throw notFound('Membership');
    return removed;
  }
}
