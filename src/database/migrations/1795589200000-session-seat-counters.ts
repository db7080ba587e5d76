import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-session seat counters move out of the programme's `sessions` rows into a table that the
 * registrations module owns (`session_seat_counters`, one row per session that has a seat limit or
 * holds seats), with the data. The sessions change trigger no longer has to ignore them: it fires on
 * any change of a session again.
 */
export class SessionSeatCounters1795589200000 implements MigrationInterface {
  name = 'SessionSeatCounters1795589200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_seat_counters (
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        seat_limit integer,
        reserved integer NOT NULL DEFAULT 0,
        waitlisted integer NOT NULL DEFAULT 0,
        CONSTRAINT session_seat_counters_pkey PRIMARY KEY (event_id, session_id),
        CONSTRAINT session_seat_counters_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT session_seat_counters_limit_check CHECK (seat_limit >= 0),
        CONSTRAINT session_seat_counters_reserved_check CHECK (reserved >= 0),
        CONSTRAINT session_seat_counters_waitlisted_check CHECK (waitlisted >= 0),
        CONSTRAINT session_seat_counters_within_limit CHECK (seat_limit IS NULL OR reserved <= seat_limit)
      )`);
    await q.query(`
      INSERT INTO session_seat_counters (event_id, session_id, seat_limit, reserved, waitlisted)
      SELECT event_id, id, seat_limit, seats_reserved, seats_waitlisted FROM sessions
       WHERE seat_limit IS NOT NULL OR seats_reserved > 0 OR seats_waitlisted > 0`);
    await q.query(`DROP TRIGGER sessions_content_updated ON sessions`);
    await q.query(`DROP TRIGGER sessions_content_changed ON sessions`);
    await q.query(`ALTER TABLE sessions DROP COLUMN seat_limit, DROP COLUMN seats_reserved, DROP COLUMN seats_waitlisted`);
    await q.query(`
      CREATE TRIGGER sessions_content_changed AFTER INSERT OR UPDATE OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_content_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sessions_content_changed ON sessions`);
    await q.query(`
      ALTER TABLE sessions
        ADD COLUMN seat_limit integer CONSTRAINT sessions_seat_limit_check CHECK (seat_limit >= 0),
        ADD COLUMN seats_reserved integer NOT NULL DEFAULT 0 CONSTRAINT sessions_seats_reserved_check CHECK (seats_reserved >= 0),
        ADD COLUMN seats_waitlisted integer NOT NULL DEFAULT 0 CONSTRAINT sessions_seats_waitlisted_check CHECK (seats_waitlisted >= 0),
        ADD CONSTRAINT sessions_seats_within_limit CHECK (seat_limit IS NULL OR seats_reserved <= seat_limit)`);
    await q.query(`
      UPDATE sessions s SET seat_limit = c.seat_limit, seats_reserved = c.reserved, seats_waitlisted = c.waitlisted
        FROM session_seat_counters c WHERE c.event_id = s.event_id AND c.session_id = s.id`);
    await q.query(`DROP TABLE session_seat_counters`);
    await q.query(`
      CREATE TRIGGER sessions_content_changed AFTER INSERT OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_content_changed()`);
    await q.query(`
      CREATE TRIGGER sessions_content_updated AFTER UPDATE ON sessions
      FOR EACH ROW WHEN ((to_jsonb(OLD) - 'seats_reserved' - 'seats_waitlisted' - 'updated_at')
                         IS DISTINCT FROM (to_jsonb(NEW) - 'seats_reserved' - 'seats_waitlisted' - 'updated_at'))
      EXECUTE FUNCTION notify_content_changed()`);
  }
}
