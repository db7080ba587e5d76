import type { ErrorCode } from '../../errors.js';

/**
 * What services throw: a stable code, a human message and optional details. The code's module
 * declares its HTTP status (`<module>.errors.ts`); the global filter reads it from the composed
 * catalog, so services never pick a status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Sent as Retry-After (429 and 503 answers). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, details?: unknown) => new DomainError('NOT_FOUND', `${what} not found`, details);
export const forbidden = (message = 'You are not allowed to do this') => new DomainError('FORBIDDEN', message);
