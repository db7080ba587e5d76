import type { EnvironmentVariables } from '../config/env.validation.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** True when this process started the embedded server (and stops it); false for DATABASE_URL or a server already running. */
  owned: boolean;
  stop(options?: { immediate?: boolean }): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = 'congress';

/**
 * DATABASE_URL when it is set; otherwise the embedded PostgreSQL with its data under EMBEDDED_PG_DIR.
 * The service (`owner`) starts it as its own child; a side command (`guest`: seed, CLI, migrations)
 * uses the one the service runs, and starts (then stops) its own only when none is running.
 */
export async function resolveDatabase(
  env: EnvironmentVariables,
  options: { log?: (line: string) => void; role?: 'owner' | 'guest' } = {},
): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, owned: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_PG_DIR,
    port: env.EMBEDDED_PG_PORT,
    database: EMBEDDED_DATABASE_NAME,
    log: options.log,
    role: options.role ?? 'owner',
  });
  return { url: server.url, embedded: true, owned: server.owned, stop: (o) => server.stop(o) };
}
