import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The call for submissions: per-edition settings (types with durations, review criteria),
 * submissions and their speakers, reviews (one per reviewer and submission), and talks (a
 * submission placed into a talk segment of a session). Every constraint includes event_id.
 */
export class Submissions1795588100000 implements MigrationInterface {
  name = 'Submissions1795588100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cfp_settings (
        event_id uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
        types jsonb NOT NULL,
        criteria jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        track_id uuid,
        type text NOT NULL CHECK (type IN ('talk', 'oral_abstract', 'poster_abstract', 'young_physician_talk', 'lecture', 'late_breaking_abstract')),
        title jsonb NOT NULL,
        abstract jsonb NOT NULL,
        keywords jsonb NOT NULL DEFAULT '[]',
        requested_minutes integer NOT NULL CHECK (requested_minutes BETWEEN 1 AND 240),
        language text NOT NULL CHECK (language IN ('en', 'zh')),
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'submitted', 'accepted', 'rejected', 'confirmed', 'withdrawn')),
        presentation text CHECK (presentation IN ('oral', 'poster')),
        decision_note text,
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_by uuid NOT NULL REFERENCES users (id),
        submitted_at timestamptz,
        decided_at timestamptz,
        confirmed_at timestamptz,
        withdrawn_at timestamptz,
        scheduled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT submissions_event_id_id_key UNIQUE (event_id, id),
        CONSTRAINT submissions_track_fkey FOREIGN KEY (event_id, track_id) REFERENCES tracks (event_id, id),
        CONSTRAINT submissions_scheduled_check CHECK (scheduled_at IS NULL OR status IN ('accepted', 'confirmed'))
      )`);
    await q.query(`CREATE INDEX submissions_event_status_idx ON submissions (event_id, status)`);
    await q.query(`
      CREATE TABLE submission_speakers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        submission_id uuid NOT NULL,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        email text NOT NULL CHECK (email = lower(email)),
        is_primary boolean NOT NULL DEFAULT false,
        position integer NOT NULL,
        CONSTRAINT submission_speakers_submission_fkey FOREIGN KEY (event_id, submission_id)
          REFERENCES submissions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT submission_speakers_email_key UNIQUE (event_id, submission_id, email)
      )`);
    await q.query(`CREATE INDEX submission_speakers_user_idx ON submission_speakers (user_id)`);
    await q.query(`CREATE INDEX submission_speakers_email_idx ON submission_speakers (email)`);
    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        submission_id uuid NOT NULL,
        reviewer_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        scores jsonb NOT NULL,
        overall numeric(4, 3) NOT NULL CHECK (overall BETWEEN 1 AND 5),
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reviews_submission_fkey FOREIGN KEY (event_id, submission_id) REFERENCES submissions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT reviews_submission_reviewer_key UNIQUE (event_id, submission_id, reviewer_id)
      )`);
    await q.query(`
      CREATE TABLE talks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        segment_id uuid NOT NULL,
        submission_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT talks_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT talks_segment_fkey FOREIGN KEY (event_id, segment_id) REFERENCES session_segments (event_id, id) ON DELETE CASCADE,
        CONSTRAINT talks_submission_fkey FOREIGN KEY (event_id, submission_id) REFERENCES submissions (event_id, id),
        CONSTRAINT talks_segment_key UNIQUE (event_id, segment_id),
        CONSTRAINT talks_submission_key UNIQUE (event_id, submission_id),
        CONSTRAINT talks_time_check CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX talks_session_idx ON talks (event_id, session_id)`);
    // Talks show in the public programme: their changes invalidate its cache (see ContentChangeNotifications).
    // A talk removed any way (also by a cascade when its session or segment is deleted) unschedules its submission.
    await q.query(`
      CREATE FUNCTION talks_unschedule() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE submissions SET scheduled_at = NULL, updated_at = now() WHERE event_id = OLD.event_id AND id = OLD.submission_id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER talks_unschedule AFTER DELETE ON talks FOR EACH ROW EXECUTE FUNCTION talks_unschedule()`);
    // A session that moves takes its talks along.
    await q.query(`
      CREATE FUNCTION sessions_move_talks() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE talks SET starts_at = starts_at + (NEW.starts_at - OLD.starts_at), ends_at = ends_at + (NEW.starts_at - OLD.starts_at), updated_at = now()
         WHERE event_id = NEW.event_id AND session_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER sessions_move_talks AFTER UPDATE OF starts_at ON sessions FOR EACH ROW
      WHEN (NEW.starts_at IS DISTINCT FROM OLD.starts_at) EXECUTE FUNCTION sessions_move_talks()`);
    await q.query(`CREATE TRIGGER talks_content_changed AFTER INSERT OR UPDATE OR DELETE ON talks FOR EACH ROW EXECUTE FUNCTION notify_content_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sessions_move_talks ON sessions`);
    await q.query(`DROP FUNCTION sessions_move_talks()`);
    await q.query(`DROP TABLE talks`);
    await q.query(`DROP FUNCTION talks_unschedule()`);
    await q.query(`DROP TABLE reviews`);
    await q.query(`DROP TABLE submission_speakers`);
    await q.query(`DROP TABLE submissions`);
    await q.query(`DROP TABLE cfp_settings`);
  }
}
