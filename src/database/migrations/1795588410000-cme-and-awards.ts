import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CME: per-session credit settings (hours set by organisers, else derived from the length; an
 * attendance code that organisers read and rotate), attendance claims (one per person and session:
 * UNIQUE) and certificates with a public verification code.
 * Awards: categories with a ceremony (a session or a time), jurors, nominees (a submission or a
 * person), jurors' scores (one per juror and nominee) and confirmed winners.
 */
export class CmeAndAwards1795588410000 implements MigrationInterface {
  name = 'CmeAndAwards1795588410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_cme (
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        credit_hours numeric(5, 2) CHECK (credit_hours >= 0 AND credit_hours * 4 = floor(credit_hours * 4)),
        attendance_code text NOT NULL,
        code_rotated_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, session_id),
        CONSTRAINT session_cme_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE cme_attendance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('code', 'ticket')),
        recorded_by uuid NOT NULL REFERENCES users (id),
        claimed_at timestamptz NOT NULL,
        CONSTRAINT cme_attendance_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT cme_attendance_once_key UNIQUE (event_id, session_id, user_id)
      )`);
    await q.query(`CREATE INDEX cme_attendance_user_idx ON cme_attendance (event_id, user_id)`);
    await q.query(`
      CREATE TABLE cme_certificates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        total_hours numeric(6, 2) NOT NULL,
        issued_at timestamptz NOT NULL,
        CONSTRAINT cme_certificates_user_key UNIQUE (event_id, user_id)
      )`);

    await q.query(`
      CREATE TABLE awards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('young_investigator_talk', 'poster', 'achievement', 'other')),
        name jsonb NOT NULL,
        description jsonb,
        ceremony_session_id uuid,
        announce_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT awards_event_id_id_key UNIQUE (event_id, id),
        CONSTRAINT awards_ceremony_fkey FOREIGN KEY (event_id, ceremony_session_id) REFERENCES sessions (event_id, id) ON DELETE SET NULL (ceremony_session_id)
      )`);
    await q.query(`
      CREATE TABLE award_jurors (
        event_id uuid NOT NULL,
        award_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, award_id, user_id),
        CONSTRAINT award_jurors_award_fkey FOREIGN KEY (event_id, award_id) REFERENCES awards (event_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE award_nominees (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        award_id uuid NOT NULL,
        submission_id uuid,
        speaker_id uuid REFERENCES speakers (id) ON DELETE CASCADE,
        winner boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT award_nominees_event_id_id_key UNIQUE (event_id, id),
        CONSTRAINT award_nominees_award_fkey FOREIGN KEY (event_id, award_id) REFERENCES awards (event_id, id) ON DELETE CASCADE,
        CONSTRAINT award_nominees_submission_fkey FOREIGN KEY (event_id, submission_id) REFERENCES submissions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT award_nominees_one_check CHECK ((submission_id IS NULL) <> (speaker_id IS NULL)),
        CONSTRAINT award_nominees_submission_key UNIQUE (event_id, award_id, submission_id),
        CONSTRAINT award_nominees_speaker_key UNIQUE (event_id, award_id, speaker_id)
      )`);
    await q.query(`
      CREATE TABLE award_scores (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        nominee_id uuid NOT NULL,
        juror_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        score numeric(4, 2) NOT NULL CHECK (score BETWEEN 1 AND 10),
        comment text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT award_scores_nominee_fkey FOREIGN KEY (event_id, nominee_id) REFERENCES award_nominees (event_id, id) ON DELETE CASCADE,
        CONSTRAINT award_scores_juror_key UNIQUE (event_id, nominee_id, juror_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['award_scores', 'award_nominees', 'award_jurors', 'awards', 'cme_certificates', 'cme_attendance', 'session_cme']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
