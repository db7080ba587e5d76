import pg from 'pg';
import { ERROR_MODULES, errorCatalog } from '../../src/errors.js';
import { createTestDatabase } from '../setup/test-database.js';

/**
 * Every constraint and unique index of the migrated database answers clients with a code its
 * module chose: mapped to a code in `<module>.errors.ts`, or listed there as generic. A new
 * constraint without a line in its module's errors file fails here.
 */
describe('constraint → error code mapping', () => {
  let names: string[];
  let raisedByFunctions: string;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const constraints = await client.query<{ name: string }>(
        `SELECT conname AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
          WHERE n.nspname = 'public' AND c.contype IN ('u', 'c', 'x', 'f')
         UNION
         SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
          WHERE n.nspname = 'public' AND x.indisunique AND NOT x.indisprimary`,
      );
      names = constraints.rows.map((r) => r.name).sort();
      const functions = await client.query<{ src: string }>(
        `SELECT string_agg(prosrc, ' ') AS src FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
      );
      raisedByFunctions = functions.rows[0].src ?? '';
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it('maps every constraint and unique index to a code, or lists it as generic', () => {
    const catalog = errorCatalog();
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter((n) => !catalog.covers(n))).toEqual([]);
  });

  it('declares no constraint that the database does not have (or that no function raises)', () => {
    const declared = ERROR_MODULES.flatMap((m) => [...Object.keys(m.constraints), ...m.generic]);
    const stale = declared.filter((n) => !names.includes(n) && !raisedByFunctions.includes(`'${n}'`));
    expect(stale).toEqual([]);
  });

  it('composes one code per name across modules', () => {
    expect(() => errorCatalog()).not.toThrow();
    const codes = ERROR_MODULES.flatMap((m) => Object.keys(m.codes));
    expect(codes.length).toBe(new Set(codes).size);
  });
});
