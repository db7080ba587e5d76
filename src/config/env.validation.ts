import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const DEFAULT_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['true', '1', 'yes'].includes(String(value).toLowerCase());

/** Every variable the service reads. `.env.example` documents each of them. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 5433;

  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters long' })
  JWT_SECRET = DEFAULT_JWT_SECRET;

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(60)
  @Max(60 * 60 * 24 * 30)
  JWT_EXPIRES_IN_SECONDS = 3600;

  /** Comma-separated list of allowed origins, `*` for any; empty disables CORS. */
  @IsString()
  CORS_ORIGINS = '*';

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Requests per minute and client address to /auth/login and /auth/register. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 20;

  /** Outgoing mail: smtp://user:pass@host:587 or smtps://…:465. Unset: notifications go to the log. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From address of notification mail. */
  @Matches(/^([^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'MAIL_FROM must be an address, e.g. "Congress <no-reply@example.org>"' })
  MAIL_FROM = 'Congress secretariat <no-reply@congress.example>';

  /** Run the notification worker in this process (default: on, except NODE_ENV=test). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  NOTIFICATIONS_WORKER?: boolean;

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(3600)
  NOTIFICATIONS_POLL_SECONDS = 10;

  /** Attempts before a message is marked failed (with backoff between them). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFICATIONS_MAX_ATTEMPTS = 6;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /** Prefix of the rate-limit counters in Redis (deployments, or test runs, sharing one Redis keep theirs apart). */
  @IsString()
  @Matches(/^[\w.:-]{1,64}$/, { message: 'RATE_LIMIT_NAMESPACE: 1 to 64 letters, digits, _ . : -' })
  RATE_LIMIT_NAMESPACE = 'congress-rl:';

  /** How long public reads (programme, exports) stay cached at most; 0 turns the cache off. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(86400)
  PUBLIC_CACHE_TTL_SECONDS = 300;

  /** Public base URL of the service (no trailing slash), for the links the frab schedule export must carry. */
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\/+$/, '') : value))
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_BASE_URL must be an http:// or https:// URL' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Allow webhook endpoints on private, loopback and link-local addresses (tests; never in production). */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE = false;

  /** How often the webhook dispatcher looks for due deliveries; 0 turns it off. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  WEBHOOKS_DISPATCH_INTERVAL_MS = 2000;

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOKS_MAX_ATTEMPTS = 8;

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(100)
  @Max(60000)
  WEBHOOKS_TIMEOUT_MS = 5000;
}

/**
 * Validates the environment at boot. Throws one error naming every wrong variable, so the service
 * refuses to start on bad configuration.
 */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvironmentVariables, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (env.NODE_ENV === 'production' && env.JWT_SECRET === DEFAULT_JWT_SECRET) {
    problems.push('JWT_SECRET: the default secret is refused when NODE_ENV=production; set a secret of your own');
  }
  if (problems.length) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}
