import { plainToInstance, Transform } from 'class-transformer';
import { randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * The secret that earlier versions documented (and shipped active in .env.example): anyone can sign
 * tokens with it, so it is refused in every environment.
 */
export const DEFAULT_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['true', '1', 'yes'].includes(String(value).toLowerCase());

/** A whole number in [min, max], with ONE message whatever is wrong with it. */
function Int(min: number, max?: number): PropertyDecorator {
  const message = max === undefined ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`;
  const decorators = [
    Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value))),
    IsInt({ message }),
    Min(min, { message }),
    ...(max === undefined ? [] : [Max(max, { message })]),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** Every variable the service reads. `.env.example` documents each of them. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Int(0, 65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Longest time to receive a whole request (a stalled body is answered 408 after it); 0: no limit. */
  @Int(0, 3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** A connection with no traffic for this long is closed (idle keep-alive connections included); 0: never. */
  @Int(0, 3_600_000)
  HTTP_CONNECTION_TIMEOUT_MS = 120_000;

  /** After SIGTERM/SIGINT, requests in flight get this long; then open connections are destroyed. */
  @Int(0, 600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Prometheus metrics on their own port (never on the public one); 0 or unset: no metrics endpoint. */
  @Int(0, 65535)
  METRICS_PORT = 0;

  @IsString()
  METRICS_HOST = '127.0.0.1';

  /** When set, scrapes must send `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters long' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @Int(1, 65535)
  EMBEDDED_PG_PORT = 5433;

  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  @Int(1, 200)
  DATABASE_POOL_SIZE = 10;

  /** HS256 secret of the access tokens. Unset: a random one per start (outside production). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters long (openssl rand -hex 32 makes one)' })
  JWT_SECRET?: string;

  /** True when JWT_SECRET was not configured and this process made a random one. */
  JWT_SECRET_GENERATED = false;

  @Int(60, 60 * 60 * 24 * 30)
  JWT_EXPIRES_IN_SECONDS = 3600;

  /** Comma-separated list of allowed origins, `*` for any; empty disables CORS. */
  @IsString()
  CORS_ORIGINS = '*';

  /**
   * The service is reached only over HTTPS (e.g. behind a TLS proxy that does not send
   * `X-Forwarded-Proto`): send HSTS and `upgrade-insecure-requests` on every response. Unset: only
   * on requests that arrived over TLS (directly, or `X-Forwarded-Proto: https` from the proxy).
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  HTTPS_ONLY?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Requests per minute and client address to /auth/login and /auth/register. */
  @Int(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 20;

  /**
   * Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs, or proxy-addr's
   * `loopback`, `linklocal`, `uniquelocal`). Empty (the default): no proxy is trusted and the client
   * address is the connection's, so a spoofed header changes nothing.
   */
  @IsString()
  TRUSTED_PROXIES = '';

  /** Failed sign-ins for one account from one client address before further attempts get 429. */
  @Int(1, 1000)
  LOGIN_MAX_FAILURES = 5;

  /** How long those failures count (the window opens at the first): the longest an owner can be held up. */
  @Int(10, 86400)
  LOGIN_FAILURE_WINDOW_SECONDS = 300;

  /** Outgoing mail: smtp://user:pass@host:587 or smtps://…:465. Unset: notifications go to the log. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From address of notification mail. */
  @Matches(/^([^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'must be an address, e.g. "Congress <no-reply@example.org>"' })
  MAIL_FROM = 'Congress secretariat <no-reply@congress.example>';

  /** Run the notification worker in this process (default: on, except NODE_ENV=test). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  NOTIFICATIONS_WORKER?: boolean;

  @Int(1, 3600)
  NOTIFICATIONS_POLL_SECONDS = 10;

  /** Attempts before a message is marked failed (with backoff between them). */
  @Int(1, 50)
  NOTIFICATIONS_MAX_ATTEMPTS = 6;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL?: string;

  /** Prefix of the rate-limit counters in Redis (deployments, or test runs, sharing one Redis keep theirs apart). */
  @IsString()
  @Matches(/^[\w.:-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, _ . : -' })
  RATE_LIMIT_NAMESPACE = 'congress-rl:';

  /** How long public reads (programme, exports) stay cached at most; 0 turns the cache off. */
  @Int(0, 86400)
  PUBLIC_CACHE_TTL_SECONDS = 300;

  /** Public base URL of the service (no trailing slash), for the links the frab schedule export must carry. */
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\/+$/, '') : value))
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http:// or https:// URL' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Allow webhook endpoints on private, loopback and link-local addresses (tests; never in production). */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE = false;

  /** How often the webhook dispatcher looks for due deliveries; 0 turns it off. */
  @Int(0)
  WEBHOOKS_DISPATCH_INTERVAL_MS = 2000;

  @Int(1, 30)
  WEBHOOKS_MAX_ATTEMPTS = 8;

  @Int(100, 60000)
  WEBHOOKS_TIMEOUT_MS = 5000;

  /** Stream access: the private key (PKCS#8 PEM, P-256 for ES256 or Ed25519 for EdDSA) that signs stream tokens. Unset: one is made and kept in the database. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\\n/g, '\n') : value))
  @Matches(/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/, { message: 'must be a PKCS#8 PEM private key (P-256 or Ed25519)' })
  STREAM_SIGNING_KEY?: string;

  /** How long a stream access token is valid (the player asks for a new one before it runs out). */
  @Int(30, 3600)
  STREAM_TOKEN_TTL_SECONDS = 300;

  /** Devices watching at once per registration; starting one more pushes the oldest out. */
  @Int(1, 32)
  STREAM_MAX_DEVICES = 2;

  /** How often closed minutes of presence are written to PostgreSQL; 0 turns the timer off (tests call flush()). */
  @Int(0, 60000)
  AUDIENCE_FLUSH_INTERVAL_MS = 2000;

  /** How often the live counts (SSE) are sent. */
  @Int(250, 60000)
  AUDIENCE_LIVE_INTERVAL_MS = 3000;

  /** Online CME: the share of a session's length, in percent, that verified watch time must reach. */
  @Int(1, 100)
  AUDIENCE_CME_SHARE_PERCENT = 75;

  /** Days a registrant's watch record and devices are kept after the session (the per-minute aggregates stay). */
  @Int(1, 3650)
  AUDIENCE_RETENTION_DAYS = 400;

  /** Prefix of the presence keys in Redis (deployments, or test runs, sharing one Redis keep theirs apart). */
  @IsString()
  @Matches(/^[\w.:-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, _ . : -' })
  AUDIENCE_REDIS_PREFIX = 'congress-aud:';
}

const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUSTED_PROXIES as the list Fastify's `trustProxy` takes (empty: trust none), or what is wrong
 * with it. Each entry is an IP address, a CIDR range or one of proxy-addr's presets.
 */
export function trustedProxies(value: string): string[] | string {
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => !PROXY_PRESETS.has(e) && !ipaddr.isValid(e) && !isCidr(e));
  if (bad.length) return `must be comma-separated IP addresses or CIDR ranges (or loopback, linklocal, uniquelocal); not ${bad.map((b) => JSON.stringify(b)).join(', ')}`;
  return entries;
}

const isCidr = (text: string) => {
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
};

/** Bad configuration: its message is one line naming each wrong variable, its value and the fix. */
export class ConfigurationError extends Error {}

const shown = (value: unknown) => {
  const text = String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
};

/**
 * Validates the environment at boot. Throws one ConfigurationError naming every wrong variable on
 * one line, so the service refuses to start on bad configuration before it does any work. Without
 * JWT_SECRET (outside production) a random secret is made: tokens then die with the process.
 */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  delete cleaned.JWT_SECRET_GENERATED;
  const env = plainToInstance(EnvironmentVariables, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false, stopAtFirstError: true });
  const problems = errors.map((e) => {
    const secret = /SECRET|TOKEN|PASSWORD|SIGNING_KEY/.test(e.property);
    const value = e.property in cleaned && !secret ? `=${shown(cleaned[e.property])}` : '';
    const message = Object.values(e.constraints ?? {})[0] ?? 'is invalid';
    return `${e.property}${value} ${message.replace(new RegExp(`^${e.property} `), '')}`;
  });
  const proxies = trustedProxies(env.TRUSTED_PROXIES ?? '');
  if (typeof proxies === 'string') problems.push(`TRUSTED_PROXIES=${shown(env.TRUSTED_PROXIES)} ${proxies}`);
  if (env.JWT_SECRET === DEFAULT_JWT_SECRET) {
    problems.push('JWT_SECRET is the example secret published in the documentation, which anyone can use: remove it (a random secret is made per start) or set your own (openssl rand -hex 32)');
  } else if (!env.JWT_SECRET && env.NODE_ENV === 'production') {
    problems.push('JWT_SECRET must be set when NODE_ENV=production (every replica needs the same secret): openssl rand -hex 32 makes one');
  }
  if (problems.length) {
    throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}. Fix it in the environment or in .env (see .env.example).`);
  }
  if (!env.JWT_SECRET) {
    env.JWT_SECRET = randomBytes(32).toString('base64url');
    env.JWT_SECRET_GENERATED = true;
  }
  return env;
}
