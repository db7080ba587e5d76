// First: .env into process.env before any module reads the configuration.
import './config/load-env.js';
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { hashPassword } from './auth/password.js';
import { passwordProblem } from './auth/password-policy.js';
import { validateEnv } from './config/env.validation.js';
import { resolveDatabase } from './database/resolve-database.js';
import { runSideCommand, sideCommandLog } from './database/side-command.js';
import { typeormOptions } from './database/typeorm-options.js';
import { UsersRepository } from './users/users.repository.js';

const USAGE = 'usage: npm run cli -- create-admin --email <email> --password <password> [--name <name>]';

/** Operator commands. `create-admin` creates a platform admin, or makes an existing user one. */
async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
  });
  if (positionals[0] !== 'create-admin') throw new Error(USAGE);
  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`--email must be an email address\n${USAGE}`);
  const password = values.password ?? '';
  const weak = passwordProblem(password, [email, values.name ?? '']);
  if (weak) throw new Error(`--password ${weak}\n${USAGE}`);

  const database = await resolveDatabase(validateEnv(process.env), { role: 'guest', log: sideCommandLog });
  const ds = new DataSource(typeormOptions(database.url, 2));
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const hash = await hashPassword(password);
    const row = await new UsersRepository(ds).upsertAdmin({ email, passwordHash: hash, name: values.name?.trim() || 'Administrator' });
    console.log(`${row.created ? 'created' : 'updated'} admin ${email} (${row.id})`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await database.stop();
  }
}

runSideCommand(main);
