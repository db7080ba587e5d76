import { defineErrors } from './error-catalog.js';

/** The codes of the platform itself, which every module may answer with. */
export const COMMON_ERRORS = defineErrors({
  module: 'common',
  codes: {
    VALIDATION_FAILED: { status: 400, description: 'The body, path or query failed validation; details name each field.' },
    MALFORMED_JSON: { status: 400, description: 'The body is not valid JSON.' },
    INVALID_PARAMETER: { status: 400, description: 'A path or query parameter is malformed (for example not a UUID).' },
    UNAUTHENTICATED: { status: 401, description: 'No token, or a bad or expired token.' },
    FORBIDDEN: { status: 403, description: 'Signed in, but not allowed to do this.' },
    NOT_FOUND: { status: 404, description: 'No such row, or a row the caller may not know of.' },
    ROUTE_NOT_FOUND: { status: 404, description: 'No such route.' },
    METHOD_NOT_ALLOWED: { status: 405, description: 'The route does not take this method.' },
    CONFLICT: { status: 409, description: 'The request conflicts with the current state.' },
    DUPLICATE: { status: 409, description: 'A row with the same unique value exists.' },
    PAYLOAD_TOO_LARGE: { status: 413, description: 'The body is over the size limit (1 MiB).' },
    UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The content type is not application/json.' },
    RATE_LIMITED: { status: 429, description: 'Too many requests; retry after the time in Retry-After.' },
    INTERNAL: { status: 500, description: 'An unexpected error; the requestId names it in the logs.' },
    DATABASE_UNAVAILABLE: { status: 503, description: 'The database is unreachable; retry after the time in Retry-After.' },
  },
});
