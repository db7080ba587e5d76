import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, editions and per-edition roles. */
export class Foundation1795587600000 implements MigrationInterface {
  name = 'Foundation1795587600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
        password_hash text NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        title jsonb NOT NULL,
        theme jsonb,
        acronym text,
        city text NOT NULL,
        venue text,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        time_zone text NOT NULL,
        format text NOT NULL CHECK (format IN ('in_person', 'online', 'hybrid')),
        cfp_opens_at timestamptz,
        cfp_closes_at timestamptz,
        registration_opens_at timestamptz,
        registration_closes_at timestamptz,
        capacity_in_person integer CHECK (capacity_in_person >= 0),
        capacity_online integer CHECK (capacity_online >= 0),
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_slug_key UNIQUE (slug),
        CONSTRAINT events_dates_check CHECK (ends_on >= starts_on),
        CONSTRAINT events_cfp_window_check CHECK (cfp_closes_at IS NULL OR cfp_opens_at IS NULL OR cfp_closes_at > cfp_opens_at),
        CONSTRAINT events_registration_window_check CHECK (
          registration_closes_at IS NULL OR registration_opens_at IS NULL OR registration_closes_at > registration_opens_at)
      )`);
    await q.query(`
      CREATE TABLE event_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'organiser', 'track_chair', 'reviewer')),
        track_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_members_event_user_role_key UNIQUE (event_id, user_id, role)
      )`);
    await q.query(`CREATE INDEX event_members_user_idx ON event_members (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_members`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP TABLE users`);
  }
}
