import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth-user.js';
import type { EventRole } from './event-role.js';

/** The caller's standing in the edition that the route is scoped to (set by the roles guard). */
export interface EditionAccess {
  eventId: string;
  roles: EventRole[];
  /** Tracks the caller chairs in this edition. */
  trackIds: string[];
  isAdmin: boolean;
  published: boolean;
}

export type AppRequest = FastifyRequest & { user?: AuthUser; access?: EditionAccess };

/**
 * The one edition-visibility rule: a published edition is public; a draft is seen only by its
 * members and platform admins (everyone else learns nothing of it: 404).
 */
export function canSee(access: Pick<EditionAccess, 'published' | 'isAdmin' | 'roles'>): boolean {
  return access.published || access.isAdmin || access.roles.length > 0;
}

/** Does the caller hold one of these roles (admins hold every role)? */
export function hasRole(access: Pick<EditionAccess, 'isAdmin' | 'roles'>, ...roles: EventRole[]): boolean {
  return access.isAdmin || access.roles.some((r) => roles.includes(r));
}
