import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language a person reads their mail in (`en` or `zh`): set on the account, defaulting from
 * Accept-Language at sign-up. Existing accounts read English, as they did.
 */
export class UserPreferredLanguage1795589450000 implements MigrationInterface {
  name = 'UserPreferredLanguage1795589450000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN preferred_language text NOT NULL DEFAULT 'en'
        CONSTRAINT users_preferred_language_check CHECK (preferred_language = ANY (ARRAY['en', 'zh']))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN preferred_language`);
  }
}
