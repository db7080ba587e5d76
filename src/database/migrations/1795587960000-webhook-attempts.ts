import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every attempt to deliver a webhook, for organisers to see. */
export class WebhookAttempts1795587960000 implements MigrationInterface {
  name = 'WebhookAttempts1795587960000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_id_id_key UNIQUE (event_id, id)`);
    await q.query(`
      CREATE TABLE webhook_delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        delivery_id uuid NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        attempted_at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        error text,
        duration_ms integer NOT NULL DEFAULT 0,
        CONSTRAINT webhook_delivery_attempts_delivery_fkey FOREIGN KEY (event_id, delivery_id)
          REFERENCES webhook_deliveries (event_id, id) ON DELETE CASCADE,
        CONSTRAINT webhook_delivery_attempts_attempt_key UNIQUE (event_id, delivery_id, attempt)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_event_id_id_key`);
  }
}
