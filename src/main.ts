// First: .env into process.env before any module reads the configuration (ES modules evaluate in import order).
import { ENV_FILE_LOADED } from './config/load-env.js';
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_PREFIX, createApp } from './app.factory.js';
import { validateEnv, type EnvironmentVariables } from './config/env.validation.js';
import { stopAllEmbeddedPostgres } from './database/embedded-postgres.js';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database.js';
import { assertPortFree, isPostgresLogLine, oneLine } from './startup.js';

/**
 * A terminal's Ctrl-C reaches the whole process group, and `npm` forwards it to us again: signals
 * arriving this soon after the first are the same request. A signal after that, while the shutdown
 * still waits, forces the exit (connections cut, PostgreSQL still stopped, exit code 1).
 */
const REPEATED_SIGNAL_GRACE_MS = 2000;
/** How long app.close() may take beyond the shutdown deadline before we stop waiting for it. */
const CLOSE_GRACE_MS = 5000;

let app: NestFastifyApplication | undefined;
let stoppingSince: number | undefined;
let finishing: Promise<never> | undefined;

/** Every exit path ends here: the embedded PostgreSQL this process started is stopped, then we exit. */
function finish(code: number, immediate = false): Promise<never> {
  finishing ??= (async () => {
    await stopAllEmbeddedPostgres({ immediate }).catch((error: Error) => console.error(`stopping PostgreSQL: ${error.message}`));
    process.exit(code);
  })();
  return finishing;
}

function closeConnections() {
  const server = app?.getHttpServer() as { closeAllConnections?: () => void } | undefined;
  server?.closeAllConnections?.();
}

async function shutdown(signal: string, env: EnvironmentVariables | undefined) {
  const deadlineMs = env?.SHUTDOWN_TIMEOUT_MS ?? 10_000;
  console.log(`${signal} received: finishing requests in flight (up to ${deadlineMs / 1000} s), then stopping`);
  const deadline = setTimeout(() => {
    console.log(`shutdown: requests still open after ${deadlineMs / 1000} s; closing their connections`);
    closeConnections();
  }, deadlineMs);
  const giveUp = setTimeout(() => {
    console.error('shutdown: the application did not finish closing; stopping PostgreSQL and exiting');
    void finish(1);
  }, deadlineMs + CLOSE_GRACE_MS);
  try {
    await app?.close(); // stops accepting, lets requests in flight finish, closes the pool
  } catch (error) {
    console.error(`shutdown: ${(error as Error).message}`);
  }
  clearTimeout(deadline);
  clearTimeout(giveUp);
  await finish(0);
}

function installSignalHandlers(getEnv: () => EnvironmentVariables | undefined) {
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince === undefined) {
      stoppingSince = Date.now();
      void shutdown(signal, getEnv());
    } else if (Date.now() - stoppingSince >= REPEATED_SIGNAL_GRACE_MS && !finishing) {
      console.log(`${signal} again: forcing the exit (open connections closed, PostgreSQL stopped)`);
      closeConnections();
      void finish(1, true);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const crash = (error: unknown) => {
    console.error(`Fatal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void finish(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

async function main() {
  const config: { env?: EnvironmentVariables } = {};
  installSignalHandlers(() => config.env);
  // Everything that can be checked without doing work is checked first: a bad variable or a busy
  // port stops us before PostgreSQL starts.
  const env = (config.env = validateEnv(process.env));
  await assertPortFree(env.HOST, env.PORT, 'PORT');
  if (env.METRICS_PORT) await assertPortFree(env.METRICS_HOST, env.METRICS_PORT, 'METRICS_PORT');

  const database: ResolvedDatabase = await resolveDatabase(env, {
    role: 'owner',
    log: (line) => {
      // PostgreSQL's own lines only when something is wrong (never the harmless "starting up"); ours always.
      if (!isPostgresLogLine(line)) console.log(line);
      else if (/FATAL|PANIC|ERROR/.test(line) && !/database system is (starting up|shutting down)/.test(line)) console.error(`[postgres] ${line}`);
    },
  });
  if (stoppingSince !== undefined) return; // a signal came during start-up: shutdown() stops it
  const overrides: Record<string, string> = { DATABASE_URL: database.url, JWT_SECRET: env.JWT_SECRET! };
  // On the embedded database the demo loads unless SEED_DEMO says otherwise.
  if (database.embedded && env.SEED_DEMO === undefined) overrides.SEED_DEMO = 'true';
  const seeded = overrides.SEED_DEMO === 'true' || env.SEED_DEMO === true;

  app = await createApp({ env: overrides });
  if (stoppingSince !== undefined) return;
  try {
    await app.listen({ port: env.PORT, host: env.HOST });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') await assertPortFree(env.HOST, env.PORT, 'PORT');
    throw error;
  }
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const base = `http://${host}:${env.PORT}`;
  const where = database.embedded
    ? `embedded PostgreSQL (${env.EMBEDDED_PG_DIR}, port ${new URL(database.url).port}${database.owned ? '' : ', already running: left running'})`
    : `DATABASE_URL (${new URL(database.url).host})`;
  console.log(
    [
      `Congress backend listening on ${base}`,
      `  API:      ${base}/${API_PREFIX}   (editions: ${base}/${API_PREFIX}/events)`,
      `  Docs:     ${base}/docs   (OpenAPI: ${base}/docs-json)`,
      `  Health:   ${base}/health`,
      ...(env.METRICS_PORT ? [`  Metrics:  http://${env.METRICS_HOST}:${env.METRICS_PORT}/metrics${env.METRICS_TOKEN ? ' (bearer token)' : ''}`] : []),
      `  Database: ${where}`,
      ...(seeded ? ['  Demo:     editions csco-2025 and demo-upcoming; accounts in README "Demo accounts"'] : []),
      `  Config:   ${ENV_FILE_LOADED ? '.env and ' : ''}the environment (NODE_ENV=${env.NODE_ENV}, LOG_LEVEL=${env.LOG_LEVEL})`,
      ...(env.JWT_SECRET_GENERATED ? ['  Tokens:   signed with a random secret made for this run (sign-ins end when it stops; set JWT_SECRET to keep them)'] : []),
      'Ctrl-C (or SIGTERM) finishes the requests in flight, then stops the service and its PostgreSQL.',
    ].join('\n'),
  );
}

main().catch(async (error: Error) => {
  if (stoppingSince !== undefined) return; // stopped during start-up; shutdown() exits
  console.error(`Cannot start: ${oneLine(error)}`);
  await app?.close().catch(() => undefined);
  await finish(1);
});
