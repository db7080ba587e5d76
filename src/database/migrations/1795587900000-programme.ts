import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rooms and channels, sessions, their segments and people. Every constraint includes event_id
 * (the schema can be distributed by edition). Clashes are refused by the database:
 * - a room or channel holds one session at a time (exclusion constraints);
 * - a person is in one session at a time, in any role (exclusion on session_people, whose times
 *   copy the session's and move with it).
 */
export class Programme1795587900000 implements MigrationInterface {
  name = 'Programme1795587900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rooms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('room', 'channel')),
        name jsonb NOT NULL,
        venue text,
        city text,
        capacity integer CHECK (capacity >= 0),
        platform text,
        stream_url text,
        display_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rooms_event_id_id_key UNIQUE (event_id, id),
        CONSTRAINT rooms_kind_id_key UNIQUE (event_id, kind, id)
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        track_id uuid,
        kind text NOT NULL CHECK (kind IN ('plenary', 'lecture', 'oral_abstracts', 'poster', 'forum', 'young_physician',
          'guideline_release', 'regulatory', 'ceremony', 'satellite_symposium', 'panel', 'break')),
        format text NOT NULL CHECK (format IN ('in_person', 'online', 'hybrid')),
        title jsonb NOT NULL,
        description jsonb,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        room_id uuid,
        room_kind text GENERATED ALWAYS AS (CASE WHEN room_id IS NULL THEN NULL ELSE 'room' END) STORED,
        channel_id uuid,
        channel_kind text GENERATED ALWAYS AS (CASE WHEN channel_id IS NULL THEN NULL ELSE 'channel' END) STORED,
        sequence integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sessions_event_id_id_key UNIQUE (event_id, id),
        CONSTRAINT sessions_time_check CHECK (ends_at > starts_at),
        CONSTRAINT sessions_format_place_check CHECK (
          (format = 'in_person' AND room_id IS NOT NULL AND channel_id IS NULL) OR
          (format = 'online' AND channel_id IS NOT NULL AND room_id IS NULL) OR
          (format = 'hybrid' AND room_id IS NOT NULL AND channel_id IS NOT NULL)),
        CONSTRAINT sessions_track_fkey FOREIGN KEY (event_id, track_id) REFERENCES tracks (event_id, id),
        -- a room must be a room and a channel a channel, of the same edition
        CONSTRAINT sessions_room_fkey FOREIGN KEY (event_id, room_kind, room_id) REFERENCES rooms (event_id, kind, id),
        CONSTRAINT sessions_channel_fkey FOREIGN KEY (event_id, channel_kind, channel_id) REFERENCES rooms (event_id, kind, id),
        CONSTRAINT sessions_room_no_overlap EXCLUDE USING gist (
          event_id WITH =, room_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (room_id IS NOT NULL),
        CONSTRAINT sessions_channel_no_overlap EXCLUDE USING gist (
          event_id WITH =, channel_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (channel_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX sessions_event_starts_idx ON sessions (event_id, starts_at)`);
    await q.query(`
      CREATE TABLE session_segments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        kind text NOT NULL CHECK (kind IN ('talk', 'commentary', 'discussion', 'lecture', 'break', 'ceremony', 'video_message', 'panel', 'qa', 'other')),
        title jsonb,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
        CONSTRAINT session_segments_event_id_id_key UNIQUE (event_id, id),
        CONSTRAINT session_segments_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT session_segments_position_key UNIQUE (event_id, session_id, position) DEFERRABLE INITIALLY IMMEDIATE
      )`);
    await q.query(`
      CREATE TABLE session_people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        speaker_id uuid NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('chair', 'moderator', 'speaker', 'commentator', 'panelist')),
        segment_id uuid,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        CONSTRAINT session_people_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT session_people_segment_fkey FOREIGN KEY (event_id, segment_id) REFERENCES session_segments (event_id, id) ON DELETE CASCADE,
        CONSTRAINT session_people_role_key UNIQUE (event_id, session_id, speaker_id, role, segment_id),
        CONSTRAINT session_people_no_double_booking EXCLUDE USING gist (
          event_id WITH =, speaker_id WITH =, session_id WITH <>, tstzrange(starts_at, ends_at) WITH &&)
      )`);
    await q.query(`CREATE INDEX session_people_session_idx ON session_people (event_id, session_id)`);
    await q.query(`CREATE INDEX session_people_speaker_idx ON session_people (speaker_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_people`);
    await q.query(`DROP TABLE session_segments`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE rooms`);
  }
}
