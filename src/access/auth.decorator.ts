import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import type { EventRole } from './event-role.js';
import type { AccessResource } from './resources.js';

export const AUTH_RULE = 'authRule';

/**
 * How the guard finds the edition a route acts on: a path parameter that is the edition's id, or
 * a path parameter naming a row of a typed resource (`{ param: 'sessionId', resource: 'session' }`).
 */
export type EditionLocator = { param: string; resource?: AccessResource };

export interface AuthRule {
  /** Per-edition roles allowed (a platform admin always passes). Empty: any signed-in caller. */
  roles: EventRole[];
  /** Admin only (platform routes such as creating an edition). */
  adminOnly?: boolean;
  edition?: EditionLocator;
}

/**
 * Declares who may call a route. `@Auth()` needs a signed-in caller; `@Auth('owner', 'organiser')`
 * also needs one of those roles in the edition named by `:eventId`; `@AuthFor(locator, ...roles)`
 * names the edition through a row (e.g. `{ param: 'sessionId', resource: 'session' }`).
 */
export function Auth(...roles: EventRole[]) {
  return AuthFor({ param: 'eventId' }, ...roles);
}

export function AuthFor(edition: EditionLocator, ...roles: EventRole[]) {
  const rule: AuthRule = { roles, edition: roles.length ? edition : undefined };
  return applyDecorators(
    SetMetadata(AUTH_RULE, rule),
    ApiBearerAuth(),
    ApiExtension('x-roles', roles.length ? [...roles, 'admin'] : ['signed-in']),
    ApiErrors(...(roles.length ? (['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] as const) : (['UNAUTHENTICATED'] as const))),
  );
}

/** Platform admin only. */
export function AdminOnly() {
  return applyDecorators(
    SetMetadata(AUTH_RULE, { roles: [], adminOnly: true } satisfies AuthRule),
    ApiBearerAuth(),
    ApiExtension('x-roles', ['admin']),
    ApiErrors('UNAUTHENTICATED', 'FORBIDDEN'),
  );
}
