// Plain ESM on the compiled sources in dist-test/ (never dist/, which a running service may use):
// Jest loads global setup outside its module mapper, so the TypeScript sources with their `.js`
// import specifiers cannot load here. `npm test` builds dist-test/ first; a Jest run started by hand
// gets it built here when the sources changed.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';

const build = spawnSync(process.execPath, ['scripts/build.mjs', 'dist-test'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('building dist-test/ failed');
const { freePort, startEmbeddedPostgres } = await import('../../dist-test/database/embedded-postgres.js');
const { typeormOptions } = await import('../../dist-test/database/typeorm-options.js');

const urlFor = (adminUrl, database) => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

/**
 * Prepares PostgreSQL once for the whole run: the server DATABASE_URL points at, or else a
 * throwaway embedded one; then migrates a template database that every test file copies.
 */
export default async function globalSetup() {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'congress-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    globalThis.__embeddedPg = { server, dataDir };
    adminUrl = server.url;
    console.log(`\n[tests] embedded PostgreSQL on port ${server.port}`);
  } else {
    console.log(`\n[tests] PostgreSQL at DATABASE_URL`);
  }
  const template = `congress_tpl_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${template}"`);
  await client.end();
  const ds = new DataSource(typeormOptions(urlFor(adminUrl, template), 2));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
  // The app under test must never fall back to its own embedded server.
  delete process.env.DATABASE_URL;
}
