import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { IS_PUBLIC } from '../common/decorators/public.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { isDatabaseUnavailable } from '../common/errors/to-error-response.js';
import { UsersService } from '../users/users.service.js';
import { AccessService } from './access.service.js';
import { AUTH_RULE, type AuthRule } from './auth.decorator.js';
import type { AppRequest } from './edition-access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The global guard: deny by default. Every route needs a valid bearer token unless it is marked
 * `@Public()` (where a valid token still names the caller). Then `@Auth(...roles)` rules are
 * checked against the caller's roles in the edition the route acts on.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const request = context.switchToHttp().getRequest<AppRequest>();
    request.user = await this.authenticate(request, isPublic);
    if (isPublic) return true;
    if (!request.user) throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <accessToken>');

    const rule = this.reflector.getAllAndOverride<AuthRule | undefined>(AUTH_RULE, targets);
    if (rule?.adminOnly && !request.user.isAdmin) throw new DomainError('FORBIDDEN', 'Only a platform admin may do this');
    if (rule?.edition && rule.roles.length) {
      const raw = (request.params as Record<string, string>)[rule.edition.param];
      if (!raw || !UUID.test(raw)) throw new DomainError('INVALID_PARAMETER', `${rule.edition.param} must be a UUID`, [{ field: rule.edition.param, messages: ['must be a UUID'] }]);
      const eventId = rule.edition.resource ? await this.access.editionOf(rule.edition.resource, raw) : raw;
      request.access = await this.access.accessTo(request.user, eventId);
      this.access.require(request.access, rule.roles);
    }
    return true;
  }

  private async authenticate(request: AppRequest, isPublic: boolean) {
    const header = request.headers.authorization;
    if (!header) return undefined;
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      if (isPublic) return undefined;
      throw new DomainError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <accessToken>"');
    }
    let payload: { sub: string } | undefined;
    try {
      payload = await this.jwt.verifyAsync<{ sub: string }>(token);
    } catch {
      // a bad or expired token: as if none (public routes) or 401
    }
    // Only the token decides 401: a database that cannot be asked answers 503, not "invalid token".
    const user = payload?.sub ? await this.users.findAuthUser(payload.sub).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) throw error;
      return null; // e.g. a subject that is not a UUID
    }) : null;
    if (user) return user;
    if (isPublic) return undefined;
    throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or has expired');
  }
}
