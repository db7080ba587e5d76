import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sessions.room_kind` and `channel_kind` were generated columns, which TypeORM can compare with
 * the entities only through its own metadata table (keyed by database name, so a copied template
 * database never matches). They become plain constant columns: the composite foreign keys to
 * `rooms (event_id, kind, id)` are unchanged, and skip a null room_id/channel_id as before (MATCH SIMPLE).
 */
export class SessionPlaceKinds1795589100000 implements MigrationInterface {
  name = 'SessionPlaceKinds1795589100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP CONSTRAINT sessions_room_fkey, DROP CONSTRAINT sessions_channel_fkey`);
    await q.query(`ALTER TABLE sessions DROP COLUMN room_kind, DROP COLUMN channel_kind`);
    await q.query(`
      ALTER TABLE sessions
        ADD COLUMN room_kind text NOT NULL DEFAULT 'room' CONSTRAINT sessions_room_kind_check CHECK (room_kind = 'room'),
        ADD COLUMN channel_kind text NOT NULL DEFAULT 'channel' CONSTRAINT sessions_channel_kind_check CHECK (channel_kind = 'channel')`);
    await q.query(`
      ALTER TABLE sessions
        ADD CONSTRAINT sessions_room_fkey FOREIGN KEY (event_id, room_kind, room_id) REFERENCES rooms (event_id, kind, id),
        ADD CONSTRAINT sessions_channel_fkey FOREIGN KEY (event_id, channel_kind, channel_id) REFERENCES rooms (event_id, kind, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP CONSTRAINT sessions_room_fkey, DROP CONSTRAINT sessions_channel_fkey`);
    await q.query(`ALTER TABLE sessions DROP COLUMN room_kind, DROP COLUMN channel_kind`);
    await q.query(`
      ALTER TABLE sessions
        ADD COLUMN room_kind text GENERATED ALWAYS AS (CASE WHEN room_id IS NULL THEN NULL ELSE 'room' END) STORED,
        ADD COLUMN channel_kind text GENERATED ALWAYS AS (CASE WHEN channel_id IS NULL THEN NULL ELSE 'channel' END) STORED`);
    await q.query(`
      ALTER TABLE sessions
        ADD CONSTRAINT sessions_room_fkey FOREIGN KEY (event_id, room_kind, room_id) REFERENCES rooms (event_id, kind, id),
        ADD CONSTRAINT sessions_channel_fkey FOREIGN KEY (event_id, channel_kind, channel_id) REFERENCES rooms (event_id, kind, id)`);
  }
}
