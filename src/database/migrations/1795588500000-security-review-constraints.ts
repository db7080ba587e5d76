import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security review (issue 13): a CME certificate always certifies credits. Certificates issued for
 * zero hours (an edition never attended) are withdrawn, and the database refuses new ones.
 */
export class SecurityReviewConstraints1795588500000 implements MigrationInterface {
  name = 'SecurityReviewConstraints1795588500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM cme_certificates WHERE total_hours <= 0`);
    await q.query(`ALTER TABLE cme_certificates ADD CONSTRAINT cme_certificates_hours_check CHECK (total_hours > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cme_certificates DROP CONSTRAINT cme_certificates_hours_check`);
  }
}
