import type { FastifyRequest } from 'fastify';
import type { EventRole } from '../events/event-member.entity.js';

/** The caller, as the guards hand it to controllers. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

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
