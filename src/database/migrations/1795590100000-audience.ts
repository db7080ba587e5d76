import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The online audience (module audience/): the keys that sign stream tokens, the devices watching
 * per registration (at most one active device per slot), the per-minute concurrent viewers of each
 * session, each registrant's verified watch minutes per session, and the staging rows of the minute
 * in progress when the service runs without Redis.
 */
export class Audience1795590100000 implements MigrationInterface {
  name = 'Audience1795590100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stream_signing_keys (
        kid text NOT NULL,
        alg text NOT NULL,
        public_jwk jsonb NOT NULL,
        private_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        CONSTRAINT stream_signing_keys_pkey PRIMARY KEY (kid),
        CONSTRAINT stream_signing_keys_alg_check CHECK (alg IN ('ES256', 'EdDSA'))
      )`);
    await q.query(`CREATE UNIQUE INDEX stream_signing_keys_current_key ON stream_signing_keys (alg) WHERE retired_at IS NULL`);
    await q.query(`
      CREATE TABLE stream_devices (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        registration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        device_id text NOT NULL,
        slot smallint NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason text,
        CONSTRAINT stream_devices_pkey PRIMARY KEY (event_id, id),
        CONSTRAINT stream_devices_registration_fkey FOREIGN KEY (event_id, registration_id) REFERENCES registrations (event_id, id) ON DELETE CASCADE,
        CONSTRAINT stream_devices_slot_check CHECK (slot BETWEEN 1 AND 32),
        CONSTRAINT stream_devices_device_id_check CHECK (length(device_id) BETWEEN 1 AND 128),
        CONSTRAINT stream_devices_end_check CHECK ((ended_at IS NULL) = (end_reason IS NULL) AND (end_reason IS NULL OR end_reason IN ('pushed_out', 'cancelled')))
      )`);
    await q.query(`CREATE UNIQUE INDEX stream_devices_slot_key ON stream_devices (event_id, registration_id, slot) WHERE ended_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX stream_devices_device_key ON stream_devices (event_id, registration_id, device_id) WHERE ended_at IS NULL`);
    await q.query(`
      CREATE TABLE audience_minutes (
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        minute timestamptz NOT NULL,
        viewers integer NOT NULL,
        CONSTRAINT audience_minutes_pkey PRIMARY KEY (event_id, session_id, minute),
        CONSTRAINT audience_minutes_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT audience_minutes_viewers_check CHECK (viewers > 0),
        CONSTRAINT audience_minutes_minute_check CHECK (date_trunc('minute', minute) = minute)
      )`);
    await q.query(`
      CREATE TABLE audience_watch (
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        registration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        minutes integer NOT NULL,
        first_minute timestamptz NOT NULL,
        last_minute timestamptz NOT NULL,
        CONSTRAINT audience_watch_pkey PRIMARY KEY (event_id, session_id, registration_id),
        CONSTRAINT audience_watch_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT audience_watch_registration_fkey FOREIGN KEY (event_id, registration_id) REFERENCES registrations (event_id, id) ON DELETE CASCADE,
        CONSTRAINT audience_watch_minutes_check CHECK (minutes > 0),
        CONSTRAINT audience_watch_span_check CHECK (first_minute <= last_minute)
      )`);
    await q.query(`CREATE INDEX audience_watch_user_idx ON audience_watch (event_id, user_id)`);
    await q.query(`
      CREATE TABLE audience_pending (
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        minute timestamptz NOT NULL,
        registration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        CONSTRAINT audience_pending_pkey PRIMARY KEY (event_id, session_id, minute, registration_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audience_pending`);
    await q.query(`DROP TABLE audience_watch`);
    await q.query(`DROP TABLE audience_minutes`);
    await q.query(`DROP TABLE stream_devices`);
    await q.query(`DROP TABLE stream_signing_keys`);
  }
}
