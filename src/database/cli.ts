// First: .env into process.env before any module reads the configuration.
import '../config/load-env.js';
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { validateEnv } from '../config/env.validation.js';
import { resolveDatabase } from './resolve-database.js';
import { runSideCommand, sideCommandLog } from './side-command.js';
import { typeormOptions } from './typeorm-options.js';

/**
 * Migration commands on the app's own DataSource options (DATABASE_URL, or the embedded server):
 *   migration:run | migration:revert | migration:generate <name> | migration:generate --check
 * `generate` migrates the database, then writes the SQL that turns its schema into the entities'
 * schema into a new migration under src/database/migrations/; read and hand-edit it, then list it
 * in index.ts. `--check` writes nothing and fails (exit 1, printing the SQL) when the entities and
 * the migrations disagree: CI runs it on a freshly migrated database.
 */
async function main() {
  const [command, name] = process.argv.slice(2);
  const database = await resolveDatabase(validateEnv(process.env), { role: 'guest', log: sideCommandLog });
  const ds = new DataSource(typeormOptions(database.url, 2));
  await ds.initialize();
  try {
    if (command === 'migration:run') {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
    } else if (command === 'migration:revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else if (command === 'migration:generate') {
      const check = name === '--check';
      if (!check && (!name || !/^[a-z][a-z0-9-]*$/.test(name))) throw new Error('give the migration a kebab-case name: npm run migration:generate -- add-rooms');
      await ds.runMigrations({ transaction: 'each' });
      const sql = await ds.driver.createSchemaBuilder().log();
      if (!sql.upQueries.length) {
        console.log('the entities match the schema: nothing to generate');
        return;
      }
      if (check) throw new Error(`the entities and the migrations disagree; a migration would run:\n${sql.upQueries.map((u) => `  ${u.query};`).join('\n')}`);
      const timestamp = Date.now();
      const className = name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()) + timestamp;
      const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
      const file = resolve('src/database/migrations', `${timestamp}-${name}.ts`);
      writeFileSync(
        file,
        `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map((u) => `    await q.query(\`${esc(u.query)}\`);`).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((d) => `    await q.query(\`${esc(d.query)}\`);`).join('\n')}
  }
}
`,
      );
      console.log(`wrote ${file}: read it, edit it, and add ${className} to src/database/migrations/index.ts`);
    } else {
      throw new Error(`unknown command "${command ?? ''}": use migration:run, migration:revert or migration:generate <name>`);
    }
  } finally {
    await ds.destroy();
    await database.stop();
  }
}

runSideCommand(main);
