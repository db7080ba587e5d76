import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * The one description of the database connection, shared by the app (TypeOrmModule) and the
 * migration CLI (data-source.ts). `synchronize` is never on: the schema changes only through
 * migrations, which run at boot.
 */
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
      application_name: 'congress-backend',
    },
  };
}
