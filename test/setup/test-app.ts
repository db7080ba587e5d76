import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp, type CreateAppOptions } from '../../src/app.factory.js';
import { buildOpenApiDocument } from '../../src/openapi.js';
import { ContractValidator, writeInventory, type OpenApiDocument } from './contract.js';
import { createTestDatabase } from './test-database.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);

/**
 * supertest whose every request checks its response against the OpenAPI document first
 * (`contract.ts`): an undocumented status, media type or body fails the test that made the call.
 */
function checkedAgent(agent: ReturnType<typeof request>, contract: ContractValidator): ReturnType<typeof request> {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !METHODS.has(prop) || typeof value !== 'function') return value;
      const method = prop === 'del' ? 'delete' : prop;
      return (url: string, ...rest: unknown[]) => (value as (url: string, ...rest: unknown[]) => request.Test).call(target, url, ...rest).expect((res) => contract.assert(method, url, res));
    },
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest against the running app */
  http: () => ReturnType<typeof request>;
  db: DataSource;
  /** The OpenAPI contract every response through `http()` is checked against. */
  contract: ContractValidator;
  databaseUrl: string;
  close(): Promise<void>;
}

/** The whole application on this test file's own copy of the migrated template database. */
export async function createTestApp(env: Record<string, string> = {}, options: Pick<CreateAppOptions, 'logDestination'> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await createApp({
    logger: options.logDestination !== undefined,
    logDestination: options.logDestination,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SEED_DEMO: 'false',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'silent',
      REDIS_URL: '',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      WEBHOOKS_DISPATCH_INTERVAL_MS: '0',
      AUDIENCE_FLUSH_INTERVAL_MS: '0', // background work off: a test that needs it turns it on
      ...env,
    },
  });
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  const contract = new ContractValidator(buildOpenApiDocument(app) as unknown as OpenApiDocument, true);
  writeInventory(contract);
  return {
    app,
    http: () => checkedAgent(request(server), contract),
    db: app.get(DataSource),
    contract,
    databaseUrl: database.url,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
