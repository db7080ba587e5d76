import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two invariants that a request could break without an error (issue #14.6), now kept by the
 * database on every path:
 *
 * 1. A session lies inside its edition's local days. `sessions_outside_days()` (published by the
 *    sessions module: the events module asks it before changing an edition's days) lists the
 *    sessions outside a given window. A session written outside its edition raises
 *    `sessions_within_edition`; an edition whose days or time zone change under its sessions raises
 *    `events_days_hold_sessions`. The session trigger takes the edition row FOR SHARE, so a concurrent
 *    change of the edition's days waits for it (and then sees the session), or it waits for that change
 *    (and then checks the new days).
 * 2. A placed talk fits its segment. A talk starts where its segment starts (the session's start plus
 *    the durations of the segments before it) and keeps its length: any change of segments (order,
 *    durations, insertions, deletions) re-times the session's talks in the same statement
 *    (`talks_retime`), and the deferred constraint triggers `talks_fit_segment` check at commit that
 *    each talk lies inside its segment (a talk or lecture slot) and its session. A segment that holds a
 *    talk is not deleted while its session exists (`session_segments_talk_kept`): the talk is taken
 *    out first; deleting the whole session still takes its talks along. The errors carry the sessions
 *    or talks as JSON in DETAIL, which the error catalog returns as `details`.
 */
export class EditionDaysAndTalkFit1795589500000 implements MigrationInterface {
  name = 'EditionDaysAndTalkFit1795589500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION sessions_outside_days(p_event_id uuid, p_starts_on date, p_ends_on date, p_time_zone text)
      RETURNS TABLE (id uuid, title jsonb, starts_at timestamptz, ends_at timestamptz) LANGUAGE sql STABLE AS $$
        SELECT s.id, s.title, s.starts_at, s.ends_at FROM sessions s
         WHERE s.event_id = p_event_id
           AND (s.starts_at < (p_starts_on::timestamp AT TIME ZONE p_time_zone)
                OR s.ends_at > ((p_ends_on + 1)::timestamp AT TIME ZONE p_time_zone))
         ORDER BY s.starts_at, s.id
      $$`);
    await q.query(`
      CREATE FUNCTION sessions_within_edition() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE e record;
      BEGIN
        SELECT starts_on, ends_on, time_zone INTO e FROM events WHERE id = NEW.event_id FOR SHARE;
        IF NEW.starts_at < (e.starts_on::timestamp AT TIME ZONE e.time_zone)
           OR NEW.ends_at > ((e.ends_on + 1)::timestamp AT TIME ZONE e.time_zone) THEN
          RAISE EXCEPTION 'The session lies outside the days of its edition'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'sessions_within_edition',
                  DETAIL = json_build_object('startsOn', e.starts_on, 'endsOn', e.ends_on, 'timeZone', e.time_zone,
                                             'sessions', json_build_array(json_build_object('sessionId', NEW.id, 'title', NEW.title,
                                               'startsAt', NEW.starts_at, 'endsAt', NEW.ends_at)))::text;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sessions_within_edition AFTER INSERT OR UPDATE OF starts_at, ends_at, event_id ON sessions
      FOR EACH ROW EXECUTE FUNCTION sessions_within_edition()`);
    await q.query(`
      CREATE FUNCTION events_days_hold_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE outside json;
      BEGIN
        SELECT json_agg(json_build_object('sessionId', o.id, 'title', o.title, 'startsAt', o.starts_at, 'endsAt', o.ends_at))
          INTO outside FROM (SELECT * FROM sessions_outside_days(NEW.id, NEW.starts_on, NEW.ends_on, NEW.time_zone) LIMIT 50) o;
        IF outside IS NOT NULL THEN
          RAISE EXCEPTION 'Sessions of the edition lie outside its new days'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'events_days_hold_sessions',
                  DETAIL = json_build_object('startsOn', NEW.starts_on, 'endsOn', NEW.ends_on, 'timeZone', NEW.time_zone, 'sessions', outside)::text;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_days_hold_sessions AFTER UPDATE OF starts_on, ends_on, time_zone ON events
      FOR EACH ROW WHEN (NEW.starts_on IS DISTINCT FROM OLD.starts_on OR NEW.ends_on IS DISTINCT FROM OLD.ends_on
                         OR NEW.time_zone IS DISTINCT FROM OLD.time_zone)
      EXECUTE FUNCTION events_days_hold_sessions()`);

    // Talks follow their segments: each starts where its segment starts and keeps its length.
    await q.query(`
      CREATE FUNCTION talks_retime(p_event_id uuid, p_session_id uuid) RETURNS void LANGUAGE sql AS $$
        WITH slot AS (
          SELECT g.id, s.starts_at + make_interval(mins => (sum(g.duration_minutes) OVER w - g.duration_minutes)::int) AS starts_at
            FROM session_segments g JOIN sessions s ON s.event_id = g.event_id AND s.id = g.session_id
           WHERE g.event_id = p_event_id AND g.session_id = p_session_id
          WINDOW w AS (ORDER BY g.position, g.id ROWS UNBOUNDED PRECEDING))
        UPDATE talks t SET starts_at = slot.starts_at, ends_at = slot.starts_at + (t.ends_at - t.starts_at), updated_at = now()
          FROM slot
         WHERE t.event_id = p_event_id AND t.segment_id = slot.id AND t.starts_at IS DISTINCT FROM slot.starts_at
      $$`);
    await q.query(`
      CREATE FUNCTION session_segments_retime_talks() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM talks_retime(OLD.event_id, OLD.session_id);
        ELSE
          PERFORM talks_retime(NEW.event_id, NEW.session_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER session_segments_retime_talks AFTER INSERT OR DELETE OR UPDATE OF position, duration_minutes ON session_segments
      FOR EACH ROW EXECUTE FUNCTION session_segments_retime_talks()`);

    await q.query(`
      CREATE FUNCTION session_segments_talk_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE held json;
      BEGIN
        -- Deleting the session itself takes its talks along (its row is gone by the time its segments go).
        IF NOT EXISTS (SELECT 1 FROM sessions WHERE event_id = OLD.event_id AND id = OLD.session_id) THEN
          RETURN OLD;
        END IF;
        SELECT json_agg(json_build_object('talkId', t.id, 'submissionId', t.submission_id, 'title', sub.title, 'segmentId', t.segment_id))
          INTO held FROM talks t JOIN submissions sub ON sub.event_id = t.event_id AND sub.id = t.submission_id
         WHERE t.event_id = OLD.event_id AND t.segment_id = OLD.id;
        IF held IS NOT NULL THEN
          RAISE EXCEPTION 'A segment that holds a talk cannot be removed; take the talk out first'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'session_segments_talk_kept',
                  DETAIL = json_build_object('talks', held)::text;
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`
      CREATE TRIGGER session_segments_talk_kept BEFORE DELETE ON session_segments
      FOR EACH ROW EXECUTE FUNCTION session_segments_talk_kept()`);

    // At commit: every talk touched (or whose segment or session changed) lies inside its segment.
    await q.query(`
      CREATE FUNCTION talks_fit_segment() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE misfit json; v_session uuid; v_talk uuid; v_segment uuid;
      BEGIN
        IF TG_TABLE_NAME = 'sessions' THEN v_session := NEW.id;
        ELSIF TG_TABLE_NAME = 'session_segments' THEN v_session := NEW.session_id; v_segment := NEW.id;
        ELSE v_session := NEW.session_id; v_talk := NEW.id;
        END IF;
        WITH slot AS (
          SELECT g.id, g.kind, g.event_id, s.ends_at AS session_ends_at,
                 s.starts_at + make_interval(mins => (sum(g.duration_minutes) OVER w - g.duration_minutes)::int) AS starts_at,
                 s.starts_at + make_interval(mins => (sum(g.duration_minutes) OVER w)::int) AS ends_at
            FROM session_segments g JOIN sessions s ON s.event_id = g.event_id AND s.id = g.session_id
           WHERE g.event_id = NEW.event_id
             AND g.session_id = v_session
          WINDOW w AS (ORDER BY g.position, g.id ROWS UNBOUNDED PRECEDING))
        SELECT json_agg(json_build_object('talkId', t.id, 'submissionId', t.submission_id, 'title', sub.title, 'segmentId', t.segment_id,
                                          'startsAt', t.starts_at, 'endsAt', t.ends_at, 'segmentKind', slot.kind,
                                          'segmentStartsAt', slot.starts_at, 'segmentEndsAt', slot.ends_at))
          INTO misfit
          FROM talks t JOIN slot ON slot.event_id = t.event_id AND slot.id = t.segment_id
          JOIN submissions sub ON sub.event_id = t.event_id AND sub.id = t.submission_id
         WHERE (v_talk IS NULL OR t.id = v_talk)
           AND (v_segment IS NULL OR t.segment_id = v_segment)
           AND (t.starts_at < slot.starts_at OR t.ends_at > slot.ends_at OR t.ends_at > slot.session_ends_at
                OR slot.kind NOT IN ('talk', 'lecture'));
        IF misfit IS NOT NULL THEN
          RAISE EXCEPTION 'A placed talk would no longer fit its segment'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'talks_fit_segment', DETAIL = json_build_object('talks', misfit)::text;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER talks_fit_segment AFTER INSERT OR UPDATE ON talks
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION talks_fit_segment()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER session_segments_fit_talks AFTER UPDATE OF kind, duration_minutes ON session_segments
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION talks_fit_segment()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER sessions_fit_talks AFTER UPDATE OF starts_at, ends_at ON sessions
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION talks_fit_segment()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sessions_fit_talks ON sessions`);
    await q.query(`DROP TRIGGER session_segments_fit_talks ON session_segments`);
    await q.query(`DROP TRIGGER talks_fit_segment ON talks`);
    await q.query(`DROP FUNCTION talks_fit_segment()`);
    await q.query(`DROP TRIGGER session_segments_talk_kept ON session_segments`);
    await q.query(`DROP FUNCTION session_segments_talk_kept()`);
    await q.query(`DROP TRIGGER session_segments_retime_talks ON session_segments`);
    await q.query(`DROP FUNCTION session_segments_retime_talks()`);
    await q.query(`DROP FUNCTION talks_retime(uuid, uuid)`);
    await q.query(`DROP TRIGGER events_days_hold_sessions ON events`);
    await q.query(`DROP FUNCTION events_days_hold_sessions()`);
    await q.query(`DROP TRIGGER sessions_within_edition ON sessions`);
    await q.query(`DROP FUNCTION sessions_within_edition()`);
    await q.query(`DROP FUNCTION sessions_outside_days(uuid, date, date, text)`);
  }
}
