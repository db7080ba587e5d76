import type { EnvironmentVariables } from '../config/env.validation.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = 'congress';

/** DATABASE_URL when it is set; otherwise the embedded PostgreSQL with its data under .data/. */
export async function resolveDatabase(env: EnvironmentVariables, log?: (line: string) => void): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({ dataDir: env.EMBEDDED_PG_DIR, port: env.EMBEDDED_PG_PORT, database: EMBEDDED_DATABASE_NAME, log });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}
