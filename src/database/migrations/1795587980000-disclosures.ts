import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Conflict-of-interest disclosures, one per person and edition, valid for twelve months. */
export class Disclosures1795587980000 implements MigrationInterface {
  name = 'Disclosures1795587980000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disclosures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        speaker_id uuid NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
        nothing_to_disclose boolean NOT NULL,
        relationships jsonb NOT NULL DEFAULT '[]',
        disclosed_at timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT disclosures_event_speaker_key UNIQUE (event_id, speaker_id),
        CONSTRAINT disclosures_content_check CHECK (
          jsonb_typeof(relationships) = 'array' AND
          (nothing_to_disclose = (jsonb_array_length(relationships) = 0))),
        CONSTRAINT disclosures_validity_check CHECK (valid_until > disclosed_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disclosures`);
  }
}
