import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Edition settings of a medical congress: disclosure policy, embargo release times, CME claims window. */
export class MedicalEditionSettings1795587970000 implements MigrationInterface {
  name = 'MedicalEditionSettings1795587970000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE events
        ADD COLUMN disclosure_policy text NOT NULL DEFAULT 'flag' CHECK (disclosure_policy IN ('block', 'flag')),
        ADD COLUMN titles_release_at timestamptz,
        ADD COLUMN abstracts_release_at timestamptz,
        ADD COLUMN late_breaking_release_time text NOT NULL DEFAULT '07:00' CHECK (late_breaking_release_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        ADD COLUMN cme_claims_close_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE events DROP COLUMN disclosure_policy, DROP COLUMN titles_release_at, DROP COLUMN abstracts_release_at,
        DROP COLUMN late_breaking_release_time, DROP COLUMN cme_claims_close_at`);
  }
}
