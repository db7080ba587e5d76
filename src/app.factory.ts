import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import { constants as zlibConstants } from 'node:zlib';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { PublicCache } from './cache/public-cache.service.js';
import { MetricsService } from './metrics/metrics.service.js';
import { DomainError } from './common/errors/domain-error.js';
import { validationExceptionFactory } from './common/errors/validation-exception.factory.js';
import { inputProblem } from './common/validation/input-text.js';
import { trustedProxies, validateEnv, type EnvironmentVariables } from './config/env.validation.js';
import { createLogger, logRequest, PinoNestLogger } from './common/logging/pino-logger.js';
import { AppValidationPipe } from './common/validation/app-validation.pipe.js';
import { setupOpenApi } from './openapi.js';
import { ErrorCatalog } from './common/errors/error-catalog.js';
import { sendError } from './common/filters/all-exceptions.filter.js';

const frameworkLogger = new Logger('Errors');
import { DemoSeeder } from './seed/demo.seeder.js';
import { withAdvisoryLock } from './database/advisory-lock.js';

export const BODY_LIMIT = 1024 * 1024;
export const API_PREFIX = 'api/v1';
/** Responses smaller than this go out uncompressed (compressing them saves less than it costs). */
export const COMPRESS_THRESHOLD = 1024;

export interface CreateAppOptions {
  /** Environment overrides (tests). */
  env?: Record<string, string | undefined>;
  /** Use the pino logger (default true); tests keep the console quiet. */
  logger?: boolean;
  /** Where the log lines go (default stdout); tests read them. */
  logDestination?: DestinationStream;
}

/** Builds the whole application: the same for `npm start`, the tests and the benchmarks. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  // Validated once, here: a wrong variable stops the app before any work. (A generated JWT secret
  // stays the same for the whole app.)
  const env = validateEnv({ ...process.env, ...options.env });
  const errorCatalog: { current?: ErrorCatalog } = {};
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // X-Forwarded-For counts only from the proxies named in TRUSTED_PROXIES (default: none).
    trustProxy: env.TRUSTED_PROXIES.trim() ? (trustedProxies(env.TRUSTED_PROXIES) as string[]) : false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // A stalled body is answered 408 after HTTP_REQUEST_TIMEOUT_MS; a silent connection is closed
    // after HTTP_CONNECTION_TIMEOUT_MS. Node checks every second (not every 30 s), and only when
    // the headers timeout is not above the request timeout, so both go to the server's constructor.
    requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: env.HTTP_CONNECTION_TIMEOUT_MS,
    http: {
      connectionsCheckingInterval: 1000,
      requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeout: env.HTTP_REQUEST_TIMEOUT_MS > 0 ? Math.min(60_000, env.HTTP_REQUEST_TIMEOUT_MS) : 60_000,
    },
    // A path Fastify's router refuses (an over-long parameter, a bad escape) leaves in the error
    // shape too, as 400 INVALID_PARAMETER, instead of the router's own 414/400 bodies.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendError(error, errorCatalog.current!, request, reply, frameworkLogger),
    genReqId: (req: IncomingMessage) => {
      const header = req.headers['x-request-id'];
      const id = typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
      (req as IncomingMessage & { id?: string }).id = id;
      return id;
    },
  });
  const logger = options.logger === false ? undefined : createLogger(env.LOG_LEVEL, options.logDestination);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env), adapter, {
    abortOnError: false,
    // Fastify's own application/json parser only: Nest's would add application/x-www-form-urlencoded,
    // and a form body must be refused (415 UNSUPPORTED_MEDIA_TYPE) like every other non-JSON body.
    bodyParser: false,
    logger: logger ? new PinoNestLogger(logger) : false,
  });

  errorCatalog.current = app.get(ErrorCatalog);
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  const fastify = app.getHttpAdapter().getInstance();
  // One line per request at info (successful GETs sampled, see logRequest); no hook at all above info.
  if (logger?.isLevelEnabled('info')) fastify.addHook('onResponse', (request, reply, done) => (logRequest(logger, request, reply), done()));
  // Request counts and latencies per route template (routeOptions.url, never the raw URL): one hook, a few microseconds.
  const metrics = app.get(MetricsService);
  if (metrics.enabled) {
    fastify.addHook('onResponse', (request, reply, done) => {
      metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
      done();
    });
  }

  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Read-your-writes for cached public reads: a successful write returns only once this process has
  // seen the change notification that invalidates what it cached.
  const cache = app.get(PublicCache);
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) await cache.sync();
    return payload;
  });
  // Every request's body, query and path parameters, before any guard or DTO: nesting deeper than
  // MAX_INPUT_DEPTH, or a control character in any text or key, is a 400 naming the field (walked
  // with an explicit stack: deep input cannot overflow the call stack).
  fastify.addHook('preValidation', async (request) => {
    const problem = inputProblem(request.body) ?? inputProblem(request.query) ?? inputProblem(request.params);
    if (problem) throw new DomainError('VALIDATION_FAILED', `${problem.field} ${problem.message}`, [{ field: problem.field, messages: [problem.message] }]);
  });

  // Security headers fit the transport: HSTS and upgrade-insecure-requests only on a request that
  // came over TLS (request.protocol honours X-Forwarded-Proto from the proxy), or on every one with
  // HTTPS_ONLY. Both header sets are built once, here (helmet's middleware per request is cheap then).
  const directives = {
    defaultSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    scriptSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
  };
  const overTls = helmet({ contentSecurityPolicy: { directives } });
  const plain = helmet({ contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: null } }, strictTransportSecurity: false });
  const httpsOnly = config.get('HTTPS_ONLY', { infer: true }) === true;
  fastify.addHook('onRequest', (request, reply, done) => (httpsOnly || request.protocol === 'https' ? overTls : plain)(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  // Responses not served from the public cache (which keeps its own brotli and gzip forms and sets
  // Content-Encoding, so the plugin leaves them alone) are compressed above 1 KiB, on zlib streams.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], threshold: COMPRESS_THRESHOLD, brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } });
  const origins = config.get('CORS_ORIGINS', { infer: true }).trim();
  if (origins) {
    await app.register(fastifyCors, {
      origin: origins === '*' ? true : origins.split(',').map((o) => o.trim()),
      exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id', 'Idempotency-Key'],
      maxAge: 600,
    });
  }
  const redisUrl = config.get('REDIS_URL', { infer: true });
  const redis = redisUrl ? new Redis(redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  if (redis) fastify.addHook('onClose', async () => void redis.quit().catch(() => undefined));
  await app.register(fastifyRateLimit, {
    global: false,
    // Counters live in Redis when REDIS_URL is set, so every process shares them.
    ...(redis ? { redis, nameSpace: config.get('RATE_LIMIT_NAMESPACE', { infer: true }), skipOnError: true } : {}),
    max: config.get('AUTH_RATE_LIMIT_PER_MINUTE', { infer: true }),
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`), { statusCode: 429, code: 'RATE_LIMITED' }),
  });

  app.useGlobalPipes(
    new AppValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  setupOpenApi(app);

  // Replicas starting together take turns: one migrates (and seeds), the others then find it done.
  // The schema is migrated before the lifecycle hooks run, so nothing that starts with the app (the
  // cache listener reading content versions, the workers) meets a database without its tables.
  const ds = app.get(DataSource);
  const url = (ds.options as { url: string }).url;
  await withAdvisoryLock(url, 'congress-start-up', () => ds.runMigrations({ transaction: 'each' }));
  await app.init();
  if (config.get('SEED_DEMO', { infer: true })) await withAdvisoryLock(url, 'congress-start-up', () => app.get(DemoSeeder).run());
  return app;
}
