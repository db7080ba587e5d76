// First: .env into process.env before any module reads the configuration.
import '../config/load-env.js';
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { validateEnv } from '../config/env.validation.js';
import { resolveDatabase } from '../database/resolve-database.js';
import { runSideCommand, sideCommandLog } from '../database/side-command.js';
import { typeormOptions } from '../database/typeorm-options.js';
import { generateSyntheticEdition } from './synthetic.js';

const USAGE = 'usage: npm run seed:synthetic -- [--sessions 300] [--speakers 3000] [--talks 5000] [--slug synthetic-…] [--database-url postgres://…]';

/** Builds a large synthetic edition (see synthetic.ts) with a progress bar. */
async function main() {
  const { values } = parseArgs({
    options: { sessions: { type: 'string', default: '300' }, speakers: { type: 'string', default: '3000' }, talks: { type: 'string', default: '0' }, slug: { type: 'string' }, 'database-url': { type: 'string' } },
  });
  const sessions = Number(values.sessions);
  const speakers = Number(values.speakers);
  const talks = Number(values.talks);
  if (!Number.isInteger(talks) || talks < 0 || talks > 1_000_000) throw new Error(`--talks must be a whole number from 0 to 1000000\n${USAGE}`);
  if (!Number.isInteger(sessions) || sessions < 1 || sessions > 100_000) throw new Error(`--sessions must be a whole number from 1 to 100000\n${USAGE}`);
  if (!Number.isInteger(speakers) || speakers < 1 || speakers > 1_000_000) throw new Error(`--speakers must be a whole number from 1 to 1000000\n${USAGE}`);
  if (values.slug && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(values.slug)) throw new Error(`--slug may hold lower-case letters, digits and single dashes\n${USAGE}`);

  const env = validateEnv({ ...process.env, ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}) });
  const database = await resolveDatabase(env, { role: 'guest', log: sideCommandLog });
  const ds = new DataSource(typeormOptions(database.url, 2));
  const bar = new SingleBar({ format: 'synthetic edition [{bar}] {percentage}% | {value}/{total} rows | {duration}s', hideCursor: true }, Presets.shades_classic);
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    let started = false;
    const result = await generateSyntheticEdition(ds, {
      sessions,
      speakers,
      talks,
      slug: values.slug,
      onProgress: (done, total) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
    bar.stop();
    console.log(`edition ${result.slug} (${result.eventId}): ${result.sessions} sessions, ${result.speakers} speakers, ${result.rooms} rooms, ${result.channels} channels, ${result.segments} segments, ${result.people} session people, ${result.submissions} talk submissions (${result.talks} placed)`);
    console.log(`programme: /api/v1/events/${result.eventId}/programme`);
  } finally {
    bar.stop();
    if (ds.isInitialized) await ds.destroy();
    await database.stop();
  }
}

runSideCommand(main);
