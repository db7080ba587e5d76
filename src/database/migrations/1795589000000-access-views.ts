import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access policy's two views (owned by src/access): the publication state of every edition,
 * and the edition of every row a route can be addressed by. Each branch reads only `id`,
 * `event_id` (or `published_at`) of its owner's table; a new resource is a new branch here and a
 * new key in `src/access/resources.ts`.
 */
export class AccessViews1795589000000 implements MigrationInterface {
  name = 'AccessViews1795589000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE VIEW access_editions AS SELECT id AS event_id, published_at IS NOT NULL AS published FROM events`);
    await q.query(`
      CREATE VIEW access_resources AS
        SELECT 'session'::text AS resource, id, event_id FROM sessions
        UNION ALL SELECT 'submission', id, event_id FROM submissions
        UNION ALL SELECT 'award', id, event_id FROM awards
        UNION ALL SELECT 'registration', id, event_id FROM registrations`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW access_resources`);
    await q.query(`DROP VIEW access_editions`);
  }
}
