import { DataSource } from 'typeorm';
import { typeormOptions } from '../../src/database/typeorm-options.js';
import { createTestDatabase } from '../setup/test-database.js';

/**
 * The entities describe the migrated schema exactly (columns, types, nullability, defaults,
 * indexes, uniques, checks, exclusions, foreign keys): what `npm run migration:generate` would
 * write for a freshly migrated database is nothing. (`.ci/run` runs the command itself too.)
 */
describe('entities and migrations', () => {
  it('agree: migration:generate on a migrated database yields nothing', async () => {
    const database = await createTestDatabase();
    const ds = new DataSource(typeormOptions(database.url, 2));
    await ds.initialize();
    try {
      expect(await ds.showMigrations()).toBe(false);
      const sql = await ds.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
      await database.drop();
    }
  });
});
