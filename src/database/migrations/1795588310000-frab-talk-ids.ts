import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Talks join the frab schedule as events of their own: a positive integer id from the same sequence as sessions, never changed. */
export class FrabTalkIds1795588310000 implements MigrationInterface {
  name = 'FrabTalkIds1795588310000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE talks ADD COLUMN frab_id integer NOT NULL DEFAULT nextval('frab_event_ids')`);
    await q.query(`ALTER TABLE talks ADD CONSTRAINT talks_frab_id_key UNIQUE (event_id, frab_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE talks DROP COLUMN frab_id`);
  }
}
