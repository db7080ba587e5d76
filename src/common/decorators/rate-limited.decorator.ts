import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiErrors } from './api-errors.decorator.js';

/**
 * Puts a route under the strict rate limit (AUTH_RATE_LIMIT_PER_MINUTE per client address),
 * kept by @fastify/rate-limit: in Redis when REDIS_URL is set, so all processes share it.
 */
export function RateLimited() {
  return applyDecorators(RouteConfig({ rateLimit: {} }), ApiErrors('RATE_LIMITED'));
}
