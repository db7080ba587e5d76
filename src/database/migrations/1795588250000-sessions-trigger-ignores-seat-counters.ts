import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seat reservations update counters on `sessions`; they change nothing public reads show, so they
 * must not invalidate the cached programme (at a registration peak that would empty the cache on
 * every reservation).
 */
export class SessionsTriggerIgnoresSeatCounters1795588250000 implements MigrationInterface {
  name = 'SessionsTriggerIgnoresSeatCounters1795588250000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sessions_content_changed ON sessions`);
    await q.query(`
      CREATE TRIGGER sessions_content_changed AFTER INSERT OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_content_changed()`);
    await q.query(`
      CREATE TRIGGER sessions_content_updated AFTER UPDATE ON sessions
      FOR EACH ROW WHEN ((to_jsonb(OLD) - 'seats_reserved' - 'seats_waitlisted' - 'updated_at')
                         IS DISTINCT FROM (to_jsonb(NEW) - 'seats_reserved' - 'seats_waitlisted' - 'updated_at'))
      EXECUTE FUNCTION notify_content_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sessions_content_updated ON sessions`);
    await q.query(`DROP TRIGGER sessions_content_changed ON sessions`);
    await q.query(`
      CREATE TRIGGER sessions_content_changed AFTER INSERT OR UPDATE OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_content_changed()`);
  }
}
