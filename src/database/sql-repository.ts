import type { DataSource, EntityManager } from 'typeorm';

/** A count per key, as statistics report it (`key` null: the column was empty). */
export interface KeyCount {
  key: string | null;
  count: number;
}

/**
 * The base of every module's `*.repository.ts`. Each public method of a repository is one named,
 * typed statement (or a few that belong together) and takes the caller's transaction as its last,
 * optional argument `em`: given, the statement runs in that transaction; absent, on the pool.
 * Values always travel as parameters ($1, $2 …); identifiers only from closed, typed maps.
 */
export abstract class SqlRepository {
  protected constructor(protected readonly db: DataSource) {}

  /** The caller's transaction, or the pool's manager (TypeORM's repository and query builder API). */
  protected manager(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  /** The rows of one statement (SELECT, or INSERT/UPDATE/DELETE … RETURNING), typed by the method. */
  protected async rows<T>(sql: string, params: readonly unknown[] = [], em?: EntityManager): Promise<T[]> {
    return (await this.run<T>(sql, params, em)).records;
  }

  /** The first row of one statement, or undefined. */
  protected async first<T>(sql: string, params: readonly unknown[] = [], em?: EntityManager): Promise<T | undefined> {
    return (await this.rows<T>(sql, params, em))[0];
  }

  /** How many rows one INSERT/UPDATE/DELETE changed. */
  protected async affected(sql: string, params: readonly unknown[] = [], em?: EntityManager): Promise<number> {
    return (await this.run(sql, params, em)).affected ?? 0;
  }

  private async run<T>(sql: string, params: readonly unknown[], em?: EntityManager): Promise<{ records: T[]; affected?: number }> {
    const runner = em?.queryRunner ?? this.db.createQueryRunner();
    try {
      return await runner.query(sql, [...params], true);
    } finally {
      if (!em?.queryRunner) await runner.release();
    }
  }
}
