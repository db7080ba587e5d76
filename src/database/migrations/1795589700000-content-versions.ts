import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The content version of each edition, kept in `content_versions` by the function the
 * `*_content_changed` triggers already call, in the changing transaction: the transaction id that
 * it also notifies. A process reads them all when its listener connects and follows the
 * notifications afterwards, so every replica names a cached entry by the same version (the cache
 * keys no longer carry a per-process epoch) and they share what any of them built.
 *
 * The upsert is skipped when the row already holds this transaction's id (a change of many rows
 * updates it once). Concurrent changes of one edition take turns on its row until commit, so the
 * row always ends with the id of the last transaction to commit, the same as the last notification.
 */
export class ContentVersions1795589700000 implements MigrationInterface {
  name = 'ContentVersions1795589700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE content_versions (
        event_id uuid NOT NULL,
        version bigint NOT NULL,
        CONSTRAINT content_versions_pkey PRIMARY KEY (event_id)
      )`);
    await q.query(`INSERT INTO content_versions (event_id, version) SELECT id, pg_current_xact_id()::text::bigint FROM events`);
    await q.query(`
      CREATE OR REPLACE FUNCTION notify_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
        xid bigint := pg_current_xact_id()::text::bigint;
      BEGIN
        IF TG_TABLE_NAME = 'events' THEN
          ids := ARRAY[coalesce(NEW.id, OLD.id)];
        ELSIF TG_TABLE_NAME = 'speakers' THEN
          SELECT array_agg(DISTINCT event_id) INTO ids FROM session_people WHERE speaker_id = coalesce(NEW.id, OLD.id);
        ELSE
          ids := ARRAY[coalesce(NEW.event_id, OLD.event_id)];
        END IF;
        IF ids IS NOT NULL THEN
          INSERT INTO content_versions (event_id, version) SELECT id, xid FROM unnest(ids) AS id
            ON CONFLICT (event_id) DO UPDATE SET version = EXCLUDED.version WHERE content_versions.version <> EXCLUDED.version;
          PERFORM pg_notify('content_changed', id::text || ':' || xid::text) FROM unnest(ids) AS id;
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION notify_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
      BEGIN
        IF TG_TABLE_NAME = 'events' THEN
          ids := ARRAY[coalesce(NEW.id, OLD.id)];
        ELSIF TG_TABLE_NAME = 'speakers' THEN
          SELECT array_agg(DISTINCT event_id) INTO ids FROM session_people WHERE speaker_id = coalesce(NEW.id, OLD.id);
        ELSE
          ids := ARRAY[coalesce(NEW.event_id, OLD.event_id)];
        END IF;
        IF ids IS NOT NULL THEN
          PERFORM pg_notify('content_changed', id::text || ':' || pg_current_xact_id()::text) FROM unnest(ids) AS id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TABLE content_versions`);
  }
}
