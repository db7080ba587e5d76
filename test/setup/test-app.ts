import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { createTestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest against the running app */
  http: () => ReturnType<typeof request>;
  db: DataSource;
  databaseUrl: string;
  close(): Promise<void>;
}

/** The whole application on this test file's own copy of the migrated template database. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await createApp({
    logger: false,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SEED_DEMO: 'false',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'silent',
      REDIS_URL: '',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      WEBHOOKS_DISPATCH_INTERVAL_MS: '0',
      ...env,
    },
  });
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    db: app.get(DataSource),
    databaseUrl: database.url,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
