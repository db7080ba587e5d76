import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * The one description of the database connection, shared by the app (TypeOrmModule) and the
 * migration CLI (data-source.ts). `synchronize` is never on: the schema changes only through
 * migrations, which run at boot.
 */
/** `?application_name=` of a connection URL, else congress-backend. */
function applicationName(url: string): string {
  try {
    return new URL(url).searchParams.get('application_name') || 'congress-backend';
  } catch {
    return 'congress-backend';
  }
}

export function typeormOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      // Statements that hang (a stopped database, a lock) fail instead of piling up.
      statement_timeout: 15000,
      // The URL's application_name when it gives one (replicas named apart in pg_stat_activity).
      application_name: applicationName(url),
    },
  };
}
