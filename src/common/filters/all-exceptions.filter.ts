import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCatalog } from '../errors/error-catalog.js';
import { toErrorResponse } from '../errors/to-error-response.js';

/** The one global filter: every error leaves in the shape `{ statusCode, code, message, details? }`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly catalog: ErrorCatalog) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(exception, this.catalog, request, reply, this.logger);
  }
}

export function sendError(exception: unknown, catalog: ErrorCatalog, request: FastifyRequest, reply: FastifyReply, logger: Pick<Logger, 'error' | 'warn'>) {
  const { body, headers, unexpected } = toErrorResponse(exception, catalog);
  if (unexpected) {
    body.requestId = String(request.id);
    logger.error({ err: exception, requestId: request.id, url: request.url }, (exception as Error)?.stack ?? String(exception));
  } else if (body.statusCode === 503) {
    logger.warn({ requestId: request.id, err: (exception as Error)?.message }, 'database unavailable');
  }
  if (reply.sent) return;
  for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
  void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
}
