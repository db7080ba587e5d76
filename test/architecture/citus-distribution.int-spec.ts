import pg from 'pg';
import { createTestDatabase } from '../setup/test-database.js';

/**
 * Distributable by edition (Citus): every table holding an edition's data is distributed by
 * `event_id` (all colocated); tables without one, `events` included (a few rows per year, its slug
 * unique across editions), are reference tables (copied to every node). Citus then needs the distribution column in every primary
 * key, unique constraint, unique index and exclusion constraint of a distributed table, and in every
 * foreign key between two distributed tables (a foreign key to a reference table is fine).
 * The test reads the migrated catalog. Tables that still break a rule are listed in KNOWN with the
 * constraints that do: the list may only shrink (a new table or constraint must follow the rules;
 * fixing a listed one fails until it leaves the list).
 */
const REFERENCE_TABLES = [
  'events', // the editions themselves: few, read by every edition query, slugs unique across them
  'users', // accounts: one person across editions
  'speakers', // speaker profiles: one person across editions (their edition roles are in session_people)
  'idempotency_keys', // per user and scope
  'agenda_feed_tokens', // per user
  'stream_signing_keys', // the service's keys
  'content_versions', // cache: event_id is its key (distributable too; tiny either way)
  'typeorm_migrations',
];

/**
 * Constraints that do not include the distribution column yet (table → constraint names): primary
 * keys on `id` alone (each table's foreign keys already go through `(event_id, id)`; the change left
 * is a migration making those keys `(event_id, id)`), and the certificate code, unique across
 * editions for its public verification (it would become `(event_id, code)` with the edition in the
 * verification link).
 */
const KNOWN: Record<string, string[]> = {
  audit_log: ['audit_log_pkey'],
  award_nominees: ['award_nominees_pkey'],
  award_scores: ['award_scores_pkey'],
  awards: ['awards_pkey'],
  cme_attendance: ['cme_attendance_pkey'],
  cme_certificates: ['cme_certificates_code_key', 'cme_certificates_pkey', 'cme_certificates_superseded_by_fkey'], // the supersede link follows the id key: both move to (event_id, id) together
  disclosures: ['disclosures_pkey'],
  event_members: ['event_members_pkey'],
  notification_outbox: ['notification_outbox_pkey'],
  registrations: ['registrations_pkey'],
  reviews: ['reviews_pkey'],
  rooms: ['rooms_pkey'],
  session_people: ['session_people_pkey'],
  session_seats: ['session_seats_pkey'],
  session_segments: ['session_segments_pkey'],
  sessions: ['sessions_pkey'],
  submission_speakers: ['submission_speakers_pkey'],
  submissions: ['submissions_pkey'],
  talks: ['talks_pkey'],
  tracks: ['tracks_pkey'],
  webhook_deliveries: ['webhook_deliveries_pkey'],
  webhook_delivery_attempts: ['webhook_delivery_attempts_pkey'],
  webhook_endpoints: ['webhook_endpoints_pkey'],
};

interface Violation {
  table: string;
  constraint: string;
  why: string;
}

async function violations(url: string): Promise<{ found: Violation[]; unclassified: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string; scoped: boolean }>(
      `SELECT c.relname AS name,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'event_id' AND NOT a.attisdropped) AS scoped
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    const distributed = new Map(tables.filter((t) => t.scoped).map((t) => [t.name, 'event_id']));
    const unclassified = tables.filter((t) => !distributed.has(t.name) && !REFERENCE_TABLES.includes(t.name)).map((t) => t.name);
    const { rows: constraints } = await client.query<{ table: string; name: string; type: string; cols: string[]; ref: string | null; refcols: string[] | null }>(
      `SELECT rel.relname AS table, con.conname AS name, con.contype AS type,
              ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
              ref.relname AS ref,
              CASE WHEN con.confrelid <> 0 THEN ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o) END AS refcols
         FROM pg_constraint con
         JOIN pg_class rel ON rel.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = rel.relnamespace
         LEFT JOIN pg_class ref ON ref.oid = con.confrelid
        WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'x', 'f')
        UNION ALL
       SELECT rel.relname, idx.relname, 'i',
              ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])), NULL, NULL
         FROM pg_index i
         JOIN pg_class idx ON idx.oid = i.indexrelid
         JOIN pg_class rel ON rel.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = rel.relnamespace
        WHERE n.nspname = 'public' AND i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    );
    const found: Violation[] = [];
    for (const c of constraints) {
      const column = distributed.get(c.table);
      if (!column) continue; // reference tables may have any key
      if (c.type === 'f') {
        const refColumn = c.ref ? distributed.get(c.ref) : undefined;
        if (!refColumn) continue; // to a reference table
        const i = c.cols.indexOf(column);
        if (i < 0 || c.refcols![i] !== refColumn) found.push({ table: c.table, constraint: c.name, why: `foreign key to ${c.ref} without ${column} = ${c.ref}.${refColumn}` });
      } else if (!c.cols.includes(column)) {
        found.push({ table: c.table, constraint: c.name, why: `${{ p: 'primary key', u: 'unique', x: 'exclusion', i: 'unique index' }[c.type]} (${c.cols.join(', ')}) without ${column}` });
      }
    }
    return { found, unclassified };
  } finally {
    await client.end();
  }
}

describe('distributable by edition (Citus)', () => {
  it('every edition table keeps event_id in its keys and in foreign keys between edition tables; the rest are reference tables', async () => {
    const database = await createTestDatabase();
    try {
      const { found, unclassified } = await violations(database.url);
      expect(unclassified).toEqual([]);
      const byTable: Record<string, string[]> = {};
      for (const v of found) (byTable[v.table] ??= []).push(v.constraint);
      for (const list of Object.values(byTable)) list.sort();
      // A new violation names itself here (with why); a fixed one must leave KNOWN.
      expect({ new: found.filter((v) => !KNOWN[v.table]?.includes(v.constraint)) }).toEqual({ new: [] });
      expect(Object.fromEntries(Object.entries(byTable).sort(([a], [b]) => a.localeCompare(b)))).toEqual(KNOWN);
    } finally {
      await database.drop();
    }
  });
});
