import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public programme and exports show the title and (once released) the abstract of scheduled
 * submissions: a change to a scheduled submission invalidates the public-read cache like any
 * other programme change (see ContentChangeNotifications). Unscheduled ones are not public.
 */
export class ScheduledSubmissionChanges1795588400000 implements MigrationInterface {
  name = 'ScheduledSubmissionChanges1795588400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TRIGGER submissions_content_changed AFTER UPDATE ON submissions FOR EACH ROW
      WHEN (OLD.scheduled_at IS NOT NULL OR NEW.scheduled_at IS NOT NULL) EXECUTE FUNCTION notify_content_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER submissions_content_changed ON submissions`);
  }
}
