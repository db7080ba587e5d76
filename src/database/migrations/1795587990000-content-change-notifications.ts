import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to what public reads show (the programme, speakers, disclosures, the edition)
 * sends `NOTIFY content_changed, '<event_id>:<transaction id>'` when its transaction commits (one
 * notification per edition and transaction: PostgreSQL folds identical notifications). Each
 * process LISTENs and moves its cache generation for that edition, so cached programmes and exports
 * are invalidated by any change, from any process, without public reads touching the database.
 */
export class ContentChangeNotifications1795587990000 implements MigrationInterface {
  name = 'ContentChangeNotifications1795587990000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
    for (const table of ['events', 'tracks', 'rooms', 'sessions', 'session_segments', 'session_people', 'speakers', 'disclosures']) {
      await q.query(
        `CREATE TRIGGER ${table}_content_changed AFTER INSERT OR UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION notify_content_changed()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['events', 'tracks', 'rooms', 'sessions', 'session_segments', 'session_people', 'speakers', 'disclosures']) {
      await q.query(`DROP TRIGGER ${table}_content_changed ON ${table}`);
    }
    await q.query(`DROP FUNCTION notify_content_changed()`);
  }
}
