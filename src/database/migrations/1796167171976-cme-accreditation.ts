import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: accreditation settings per edition (accrediting body, provider, activity number, credit
 * category, designation statement, logo) and their signatories; certificates keep what they print
 * and can be revoked or superseded by a reissue, so one person holds at most one *issued* certificate
 * per edition (the unique constraint becomes a partial unique index).
 */
export class CmeAccreditation1796167171976 implements MigrationInterface {
  name = 'CmeAccreditation1796167171976';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cme_accreditations (
        event_id uuid NOT NULL,
        accrediting_body jsonb NOT NULL,
        provider jsonb NOT NULL,
        activity_number text NOT NULL,
        credit_category jsonb NOT NULL,
        statement jsonb NOT NULL,
        logo bytea,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cme_accreditations_pkey PRIMARY KEY (event_id),
        CONSTRAINT cme_accreditations_event_id_fkey FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
        CONSTRAINT cme_accreditations_activity_number_check CHECK (((length(activity_number) >= 1) AND (length(activity_number) <= 64))),
        CONSTRAINT cme_accreditations_logo_check CHECK ((octet_length(logo) <= 262144))
      )`);
    await q.query(`
      CREATE TABLE cme_signatories (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        position smallint NOT NULL,
        name jsonb NOT NULL,
        title jsonb NOT NULL,
        signature bytea NOT NULL,
        CONSTRAINT cme_signatories_pkey PRIMARY KEY (event_id, id),
        CONSTRAINT cme_signatories_event_id_fkey FOREIGN KEY (event_id) REFERENCES cme_accreditations (event_id) ON DELETE CASCADE,
        CONSTRAINT cme_signatories_position_key UNIQUE (event_id, position),
        CONSTRAINT cme_signatories_position_check CHECK (((position >= 1) AND (position <= 3))),
        CONSTRAINT cme_signatories_signature_check CHECK ((octet_length(signature) <= 131072))
      )`);
    await q.query(`ALTER TABLE cme_certificates ADD status text NOT NULL DEFAULT 'issued'`);
    await q.query(`ALTER TABLE cme_certificates ADD printed jsonb`);
    await q.query(`ALTER TABLE cme_certificates ADD revoked_at timestamptz`);
    await q.query(`ALTER TABLE cme_certificates ADD revoked_reason text`);
    await q.query(`ALTER TABLE cme_certificates ADD superseded_by uuid`);
    await q.query(`ALTER TABLE cme_certificates DROP CONSTRAINT cme_certificates_user_key`);
    await q.query(`CREATE UNIQUE INDEX cme_certificates_user_key ON cme_certificates (event_id, user_id) WHERE (status = 'issued'::text)`);
    await q.query(
      `ALTER TABLE cme_certificates ADD CONSTRAINT cme_certificates_status_check CHECK (((status = 'issued' AND revoked_at IS NULL AND superseded_by IS NULL) OR (status = 'revoked' AND revoked_at IS NOT NULL AND superseded_by IS NULL) OR (status = 'superseded' AND superseded_by IS NOT NULL)))`,
    );
    // Deferred: a reissue marks the old certificate superseded by the new one, then inserts the new one.
    await q.query(
      `ALTER TABLE cme_certificates ADD CONSTRAINT cme_certificates_superseded_by_fkey FOREIGN KEY (superseded_by) REFERENCES cme_certificates (id) DEFERRABLE INITIALLY DEFERRED`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cme_certificates DROP CONSTRAINT cme_certificates_superseded_by_fkey`);
    await q.query(`ALTER TABLE cme_certificates DROP CONSTRAINT cme_certificates_status_check`);
    await q.query(`DROP INDEX cme_certificates_user_key`);
    await q.query(`DELETE FROM cme_certificates WHERE status <> 'issued'`);
    await q.query(`ALTER TABLE cme_certificates ADD CONSTRAINT cme_certificates_user_key UNIQUE (event_id, user_id)`);
    for (const column of ['superseded_by', 'revoked_reason', 'revoked_at', 'printed', 'status']) await q.query(`ALTER TABLE cme_certificates DROP COLUMN ${column}`);
    await q.query(`DROP TABLE cme_signatories`);
    await q.query(`DROP TABLE cme_accreditations`);
  }
}
