import type { LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import { redactSecrets, redactValue } from './redact.js';

/**
 * Logging without a Nest middleware: one pino logger (JSON lines on stdout), Nest's `Logger` calls
 * written through it (`PinoNestLogger`), and one line per request from a Fastify `onResponse` hook
 * (`logRequest`). nestjs-pino did this before, but its 5.x declares Node ≥ 22 and runs pino-http as
 * Nest middleware on every request.
 */
export function createLogger(level: string, destination?: DestinationStream): Pino {
  return pino(
    {
      level,
      base: { pid: process.pid },
      // Every line goes through redactSecrets (src/common/logging/redact.ts): the message and the
      // strings of its object, errors included (feed tokens, certificate codes, ticket tokens in URLs).
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
      formatters: { log: (object) => redactValue(object) as Record<string, unknown> },
    },
    destination,
  );
}

/** Nest's own start-up chatter (modules loaded, every route mapped): shown only at LOG_LEVEL=debug. */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  /** Nest calls (message, ...params, context); `logger.error({ err, … }, 'text')` puts the object first. */
  private write(level: Level, message: unknown, params: unknown[]) {
    const args = [...params];
    const context = args.length > 0 && typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    if (level === 'info' && context && STARTUP_CONTEXTS.has(context)) level = 'debug';
    if (!this.logger.isLevelEnabled(level)) return;
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else if (message && typeof message === 'object') {
      const text = typeof args[0] === 'string' ? (args.shift() as string) : undefined;
      this.logger[level]({ context, ...(message as object) }, text);
    } else {
      const stack = level === 'error' && typeof args[0] === 'string' ? args.shift() : undefined;
      this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}

/** Successful GET/HEAD answers faster than this are sampled at info; slower ones are always logged. */
export const SLOW_REQUEST_MS = 1000;
/** At info, one in this many successful fast GET/HEAD answers is logged (all of them at debug). */
export const GET_LOG_SAMPLE = 100;
let getsSeen = 0;

/** Is this answer logged? Errors, writes and slow answers always; successful fast reads one in GET_LOG_SAMPLE at info. */
export function shouldLogRequest(method: string, statusCode: number, elapsedMs: number, debug: boolean): boolean {
  if (debug || statusCode >= 400 || (method !== 'GET' && method !== 'HEAD') || elapsedMs >= SLOW_REQUEST_MS) return true;
  getsSeen = (getsSeen + 1) % GET_LOG_SAMPLE;
  return getsSeen === 0;
}

/**
 * One line per answered request (not /health), written after the response: method, URL, status,
 * time. On a public read at the default level (info) this costs a counter: successful reads are
 * sampled (`shouldLogRequest`), so a release-day flood of programme GETs does not become a flood of
 * log lines; every error, write and slow answer is still logged.
 */
export function logRequest(logger: Pino, request: FastifyRequest, reply: FastifyReply) {
  if (request.url === '/health') return;
  if (!shouldLogRequest(request.method, reply.statusCode, reply.elapsedTime, logger.isLevelEnabled('debug'))) return;
  logger.info({ reqId: request.id, method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
}
