import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { TABLE_OWNERS, VIEW_OWNERS } from '../../src/database/ownership.js';
import { createTestDatabase } from '../setup/test-database.js';

/**
 * Every table has one owner, and a module touches only its own tables (docs/ARCHITECTURE.md, "Who
 * owns which table"). This test reads each module's SQL (the table after FROM, JOIN, INTO, UPDATE,
 * DELETE FROM, TABLE) and its entity usage, and compares them with src/database/ownership.ts.
 */
const SRC = join(process.cwd(), 'src');
/** Folders that are not domain modules: the migrations and the seeders load every module's tables. */
const NOT_MODULES = new Set(['database', 'seed', 'common', 'config']);

/** Module → tables it still reads or writes without owning them, until its SQL moves behind the owner's service. */
const NOT_YET_MOVED: Record<string, string[]> = {
  cme: ['events', 'registrations', 'session_people', 'sessions', 'speakers', 'users'],
  programme: ['disclosures', 'events', 'rooms', 'session_people', 'session_segments', 'sessions', 'speakers', 'submission_speakers', 'submissions', 'talks', 'tracks', 'users'],
  submissions: ['events', 'session_people', 'session_segments', 'sessions', 'tracks', 'users'],
};

/** Words that follow FROM/UPDATE/… without being tables. */
const NOT_TABLES = new Set(['set', 'skip', 'of', 'nowait', 'unnest', 'lateral', 'select', 'values']);

/** TypeORM calls that read or write an entity's table. */
const ENTITY_CALL = '(?:create|save|find\\w*|exist\\w*|count\\w*|update|insert|upsert|delete|remove|increment|decrement|getRepository|InjectRepository|forFeature|createQueryBuilder)\\(\\s*\\[?\\s*';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The tables named in the SQL of a source file (string and template literals only). */
export function tablesInSql(source: string): Set<string> {
  const found = new Set<string>();
  for (const literal of source.match(/`[^`]*`|'(?:[^'\\\n]|\\.)*'/g) ?? []) {
    if (!/\b(SELECT|INSERT|UPDATE|DELETE|WITH)\b/.test(literal)) continue;
    const sql = literal.replace(/\$\{[^}]*\}/g, ' ');
    // Names a WITH query defines are not tables.
    const ctes = new Set([...sql.matchAll(/(?:\bWITH|,)\s+(?:RECURSIVE\s+)?([a-z_][a-z0-9_]*)\s+AS\s*(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/gi)].map((m) => m[1].toLowerCase()));
    for (const m of sql.matchAll(/\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?(\s*\()?/gi)) {
      const name = m[2].toLowerCase();
      const call = !!m[3] && /^(FROM|JOIN)$/i.test(m[1]);
      if (call || ctes.has(name) || NOT_TABLES.has(name)) continue; // a function call, a WITH query, or a keyword (FOR UPDATE SKIP LOCKED …)
      found.add(name);
    }
  }
  return found;
}

const ENTITY_TABLE = new Map<string, string>();
for (const path of files(SRC).filter((p) => p.endsWith('.entity.ts'))) {
  const source = readFileSync(path, 'utf8');
  for (const m of source.matchAll(/@Entity\(\{ name: '([a-z_]+)' \}\)[\s\S]*?export class (\w+)/g)) ENTITY_TABLE.set(m[2], m[1]);
}

/** Module → tables its code touches: in SQL, or through an entity class it uses. */
function touchedByModule(): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const path of files(SRC)) {
    const [module] = relative(SRC, path).split('/');
    if (!path.slice(SRC.length + 1).includes('/') || NOT_MODULES.has(module) || path.endsWith('.entity.ts')) continue;
    const source = readFileSync(path, 'utf8');
    const tables = result.get(module) ?? new Set<string>();
    for (const t of tablesInSql(source)) tables.add(t);
    for (const [cls, table] of ENTITY_TABLE) if (new RegExp(`${ENTITY_CALL}${cls}\\b`).test(source)) tables.add(table);
    result.set(module, tables);
  }
  return result;
}

const owned = (module: string): string[] => [
  ...((TABLE_OWNERS as Record<string, readonly string[]>)[module] ?? []),
  ...Object.entries(VIEW_OWNERS).flatMap(([view, owner]) => (owner === module ? [view] : [])),
];

describe('table ownership', () => {
  it('gives every table of the migrated database exactly one owner', async () => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; kind: string }>(
        `SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')`,
      );
      const owners = Object.entries(TABLE_OWNERS).flatMap(([m, tables]) => tables.map((t) => [t, m] as const));
      const inMap = new Set([...owners.map(([t]) => t), ...Object.keys(VIEW_OWNERS)]);
      expect(rows.filter((r) => !inMap.has(r.name)).map((r) => r.name)).toEqual([]);
      expect(owners.length).toBe(new Set(owners.map(([t]) => t)).size);
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it('is mirrored in docs/ARCHITECTURE.md', () => {
    const doc = readFileSync(join(process.cwd(), 'docs/ARCHITECTURE.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Who owns which table'));
    const documented = Object.fromEntries(
      [...section.matchAll(/^\| `([a-z]+)\/` \| (.*) \|$/gm)].map((m) => [m[1], [...m[2].matchAll(/`([a-z_]+)`/g)].map((t) => t[1]).sort()]),
    );
    const expected = Object.fromEntries(Object.keys(TABLE_OWNERS).map((m) => [m, owned(m).sort()]));
    expect(documented).toEqual(expected);
  });

  it('finds the tables in SQL text', () => {
    expect([...tablesInSql('const q = `SELECT a FROM sessions s JOIN "rooms" r ON true WHERE x IN (SELECT 1 FROM talks)`;')].sort()).toEqual(['rooms', 'sessions', 'talks']);
    expect([...tablesInSql("q('INSERT INTO audit_log (a) VALUES ($1)'); q(`UPDATE events SET x = 1`); q(`DELETE FROM users`)")].sort()).toEqual(['audit_log', 'events', 'users']);
    expect([...tablesInSql("'from the start, join us'")]).toEqual([]);
    expect([...tablesInSql('`WITH people AS (SELECT 1 FROM session_people) SELECT * FROM people, extract(epoch FROM now()) FOR UPDATE SKIP LOCKED`')]).toEqual(['session_people']);
  });

  it('lets every module touch only the tables it owns (and the ones still listed as not yet moved)', () => {
    const trespass: Record<string, string[]> = {};
    for (const [module, tables] of touchedByModule()) {
      const mine = new Set([...owned(module), ...(NOT_YET_MOVED[module] ?? [])]);
      const foreign = [...tables].filter((t) => !mine.has(t)).sort();
      if (foreign.length) trespass[module] = foreign;
    }
    expect(trespass).toEqual({});
  });

  it('keeps the not-yet-moved list honest: an entry the code no longer needs must go', () => {
    const touched = touchedByModule();
    const stale: Record<string, string[]> = {};
    for (const [module, tables] of Object.entries(NOT_YET_MOVED)) {
      const gone = tables.filter((t) => !touched.get(module)?.has(t));
      if (gone.length) stale[module] = gone;
    }
    expect(stale).toEqual({});
  });
});
