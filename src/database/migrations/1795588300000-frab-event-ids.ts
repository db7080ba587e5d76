import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The frab schedule format wants a positive integer id for every event (besides its guid). Sessions
 * get one from a sequence shared by everything the schedule lists (talks join it later), assigned
 * once and never changed, so the id is the same across exports and releases.
 */
export class FrabEventIds1795588300000 implements MigrationInterface {
  name = 'FrabEventIds1795588300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE frab_event_ids AS integer`);
    await q.query(`ALTER TABLE sessions ADD COLUMN frab_id integer NOT NULL DEFAULT nextval('frab_event_ids')`);
    await q.query(`ALTER TABLE sessions ADD CONSTRAINT sessions_frab_id_key UNIQUE (event_id, frab_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP COLUMN frab_id`);
    await q.query(`DROP SEQUENCE frab_event_ids`);
  }
}
