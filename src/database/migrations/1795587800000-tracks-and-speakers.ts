import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tracks of an edition, and speaker profiles (which outlive editions). */
export class TracksAndSpeakers1795587800000 implements MigrationInterface {
  name = 'TracksAndSpeakers1795587800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tracks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,16}$'),
        name jsonb NOT NULL,
        colour text CHECK (colour ~ '^#[0-9a-fA-F]{6}$'),
        committee jsonb,
        description jsonb,
        display_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tracks_event_code_key UNIQUE (event_id, code),
        CONSTRAINT tracks_event_id_id_key UNIQUE (event_id, id)
      )`);
    await q.query(`
      CREATE TABLE speakers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        name jsonb NOT NULL,
        honorific text,
        titles jsonb NOT NULL DEFAULT '[]',
        affiliations jsonb NOT NULL DEFAULT '[]',
        country char(2) CHECK (country ~ '^[A-Z]{2}$'),
        bio jsonb,
        photo_url text,
        orcid text CHECK (orcid ~ '^\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT speakers_user_key UNIQUE (user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE speakers`);
    await q.query(`DROP TABLE tracks`);
  }
}
