import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error.js';
import { COMMON_ERRORS } from './common.errors.js';
import type { ErrorCatalog, GenericCode } from './error-catalog.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export interface ErrorResponse {
  body: ErrorBody;
  headers?: Record<string, string>;
  /** True when the error is ours (a bug, or an unknown failure): log it with its stack. */
  unexpected?: boolean;
}

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** Is this error the database being unreachable (down, restarting, refusing connections)? */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: unknown } | undefined;
  if (!e) return false;
  if (e.driverError && isDatabaseUnavailable(e.driverError)) return true;
  const code = e.code ?? '';
  if (CONNECTION_ERRNOS.has(code)) return true;
  // 08xxx connection exceptions, 57P01-57P03 admin/crash shutdown, cannot connect now
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  // TypeORM releases a transaction's query runner when its connection breaks; the statements, COMMIT
  // or ROLLBACK that follow fail with these (the transaction did not commit: the server rolled it back).
  const name = (e as { name?: string }).name ?? '';
  if (name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  const message = e.message ?? '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection/i.test(
    message,
  );
}

const body = (code: GenericCode, message: string, details?: unknown): ErrorBody => ({
  statusCode: COMMON_ERRORS.codes[code].status,
  code,
  message,
  ...(details === undefined ? {} : { details }),
});

const moduleBody = (catalog: ErrorCatalog, code: string, message: string, details?: unknown): ErrorBody => ({
  statusCode: catalog.status(code),
  code,
  message,
  ...(details === undefined ? {} : { details }),
});

function fromHttpException(error: HttpException, catalog: ErrorCatalog): ErrorResponse {
  const status = error.getStatus();
  const response = error.getResponse() as string | { code?: string; message?: unknown; details?: unknown };
  if (typeof response === 'object' && response && typeof response.code === 'string' && catalog.has(response.code)) {
    return { body: moduleBody(catalog, response.code, String(response.message ?? error.message), response.details) };
  }
  const message = typeof response === 'string' ? response : Array.isArray(response?.message) ? response.message.join('; ') : String(response?.message ?? error.message);
  const byStatus: Partial<Record<number, GenericCode>> = {
    [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
    [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
    [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
    [HttpStatus.NOT_FOUND]: 'ROUTE_NOT_FOUND',
    [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
    [HttpStatus.CONFLICT]: 'CONFLICT',
    [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
    [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
    [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
    [HttpStatus.SERVICE_UNAVAILABLE]: 'DATABASE_UNAVAILABLE',
  };
  const code = byStatus[status];
  if (status === HttpStatus.SERVICE_UNAVAILABLE) {
    return { body: { ...body('DATABASE_UNAVAILABLE', 'The service is not ready', typeof response === 'object' ? response : undefined) }, headers: { 'retry-after': '5' } };
  }
  if (code) return { body: { ...body(code, message), statusCode: status } };
  return { body: { statusCode: status, code: status >= 500 ? 'INTERNAL' : 'CONFLICT', message }, unexpected: status >= 500 };
}

/** The JSON object a trigger put in DETAIL (nothing when it is absent or not an object). */
function jsonDetail(detail: string | undefined): Record<string, unknown> {
  if (!detail) return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function fromQueryFailed(error: QueryFailedError, catalog: ErrorCatalog): ErrorResponse | undefined {
  const driver = error.driverError as { code?: string; constraint?: string; detail?: string; column?: string };
  const named = driver.constraint ? catalog.constraint(driver.constraint) : undefined;
  if (named) return { body: moduleBody(catalog, named.code, named.message, { constraint: driver.constraint, ...(named.jsonDetail ? jsonDetail(driver.detail) : {}) }) };
  switch (driver.code) {
    case '23505':
      return { body: body('DUPLICATE', 'A row with the same unique value already exists', { constraint: driver.constraint }) };
    case '23P01':
      return { body: body('CONFLICT', 'The change overlaps with an existing row', { constraint: driver.constraint }) };
    case '23514':
      return { body: body('CONFLICT', 'The change violates a rule of the data', { constraint: driver.constraint }) };
    case '23503':
      return { body: body('CONFLICT', 'The change refers to a row that does not exist or is still referenced', { constraint: driver.constraint }) };
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '22021':
    case '22023':
      return { body: body('VALIDATION_FAILED', 'A value has the wrong format or is out of range') };
    case '40001':
    case '40P01':
      return { body: body('CONFLICT', 'The request collided with a concurrent change; retry it') };
    case '57014':
      return { body: body('DATABASE_UNAVAILABLE', 'The database did not answer in time; retry later'), headers: { 'retry-after': '2' } };
    default:
      return undefined;
  }
}

/** Fastify's own errors (body parsing, content type, size). */
function fromFastify(error: { code?: string; statusCode?: number; message?: string }): ErrorResponse | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { body: body('PAYLOAD_TOO_LARGE', 'The body is larger than 1 MiB') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { body: body('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { body: body('MALFORMED_JSON', 'The body is empty but the content type says JSON') };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { body: body('INVALID_PARAMETER', 'A path parameter is too long', [{ field: 'path', messages: ['a parameter is longer than 100 characters'] }]) };
    case 'FST_ERR_BAD_URL':
      return { body: body('INVALID_PARAMETER', 'A path parameter is not a valid URL component', [{ field: 'path', messages: ['is not a valid URL component'] }]) };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { body: body('MALFORMED_JSON', `The body is not valid JSON: ${error.message ?? ''}`.trim()) };
    default:
      if ((error as Error).name === 'SyntaxError' && error.statusCode === 400) return { body: body('MALFORMED_JSON', 'The body is not valid JSON') };
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        const status = error.statusCode;
        const code: GenericCode = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 429 ? 'RATE_LIMITED' : 'VALIDATION_FAILED';
        return { body: { ...body(code, error.message ?? 'Bad request'), statusCode: status } };
      }
      return undefined;
  }
}

/** The one mapping from anything thrown to the contract's error shape, on the composed catalog. */
export function toErrorResponse(error: unknown, catalog: ErrorCatalog): ErrorResponse {
  if (error instanceof DomainError) {
    if (!catalog.has(error.code)) return { body: body('INTERNAL', 'An unexpected error occurred'), unexpected: true };
    return {
      body: moduleBody(catalog, error.code, error.message, error.details),
      ...(error.retryAfterSeconds ? { headers: { 'retry-after': String(error.retryAfterSeconds) } } : {}),
    };
  }
  if (error instanceof HttpException) {
    // Nest wraps Fastify's own errors (body parsing, size, content type); their code says more.
    const cause = error.cause as { code?: string; statusCode?: number; message?: string } | undefined;
    return (cause && fromFastify(cause)) || fromHttpException(error, catalog);
  }
  if (isDatabaseUnavailable(error)) {
    return { body: body('DATABASE_UNAVAILABLE', 'The database is unreachable; retry shortly'), headers: { 'retry-after': '5' } };
  }
  if (error instanceof QueryFailedError) {
    const mapped = fromQueryFailed(error, catalog);
    if (mapped) return mapped;
  }
  const fastify = fromFastify(error as { code?: string; statusCode?: number; message?: string });
  if (fastify) return fastify;
  return { body: body('INTERNAL', 'An unexpected error occurred'), unexpected: true };
}
