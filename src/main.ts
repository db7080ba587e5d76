import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_PREFIX, createApp } from './app.factory.js';
import { validateEnv } from './config/env.validation.js';
import { resolveDatabase } from './database/resolve-database.js';

async function main() {
  const env = validateEnv(process.env);
  const database = await resolveDatabase(env, (line) => {
    if (/FATAL|PANIC|ERROR/.test(line)) console.error(`[postgres] ${line}`);
  });
  const overrides: Record<string, string> = { DATABASE_URL: database.url };
  // On the embedded database the demo loads unless SEED_DEMO says otherwise.
  if (database.embedded && env.SEED_DEMO === undefined) overrides.SEED_DEMO = 'true';

  let app: NestFastifyApplication | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in flight, then stopping`);
    try {
      await app?.close(); // stops accepting, lets requests in flight finish, closes the pool
    } finally {
      await database.stop();
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    app = await createApp({ env: overrides });
    await app.listen({ port: env.PORT, host: env.HOST });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.stop();
    throw error;
  }
  const base = `http://localhost:${env.PORT}`;
  console.log(
    [
      `Congress backend listening on ${base}`,
      `  API:      ${base}/${API_PREFIX}   (editions: ${base}/${API_PREFIX}/events)`,
      `  Docs:     ${base}/docs   (OpenAPI: ${base}/docs-json)`,
      `  Health:   ${base}/health`,
      `  Database: ${database.embedded ? `embedded PostgreSQL (${env.EMBEDDED_PG_DIR}, port ${env.EMBEDDED_PG_PORT})` : 'DATABASE_URL'}`,
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
});
