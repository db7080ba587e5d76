import pg from 'pg';

/**
 * Runs `fn` while holding a PostgreSQL advisory lock, so that processes starting together (replicas
 * behind a load balancer) take turns: migrations, the demo seed. The lock lives on a connection of
 * its own, never one from the pool, which `fn` may need whole (DATABASE_POOL_SIZE may be 1).
 */
export async function withAdvisoryLock<T>(url: string, key: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'congress-start-up-lock' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
