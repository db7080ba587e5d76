import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AppRequest } from './edition-access.js';

/** The signed-in caller (undefined on a public route called anonymously). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AppRequest>().user);

/** The caller's roles in the edition the route is scoped to (set by `@Auth(...)`). */
export const CurrentAccess = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AppRequest>().access);
