import { randomUUID } from 'node:crypto';
import type { TestApp } from '../setup/test-app.js';

/**
 * Fills every talk segment of an edition (e.g. a synthetic one) with a scheduled submission and
 * its talk, in bulk: returns how many talks were placed.
 */
export async function fillTalkSegments(t: TestApp, eventId: string): Promise<number> {
  const [author] = await t.db.query(`INSERT INTO users (email, password_hash, name) VALUES ($1, 'x', 'Synthetic Author') RETURNING id`, [
    `author-${randomUUID()}@test.example`,
  ]);
  const segments: { id: string; session_id: string; starts_at: Date }[] = await t.db.query(
    `SELECT id, session_id, starts_at FROM (
       SELECT g.id, g.session_id, g.kind,
              s.starts_at + make_interval(mins => (sum(g.duration_minutes) OVER (PARTITION BY g.session_id ORDER BY g.position) - g.duration_minutes)::int) AS starts_at
         FROM session_segments g JOIN sessions s ON s.event_id = g.event_id AND s.id = g.session_id
        WHERE g.event_id = $1) slot
      WHERE kind = 'talk'`,
    [eventId],
  );
  const subIds = segments.map(() => randomUUID());
  await t.db.query(
    `INSERT INTO submissions (id, event_id, type, title, abstract, requested_minutes, language, status, created_by, scheduled_at)
     SELECT id, $1, 'oral_abstract', jsonb_build_object('en', 'Talk ' || n), jsonb_build_object('en', 'Abstract ' || n), 5, 'en', 'accepted', $2, now()
       FROM unnest($3::uuid[]) WITH ORDINALITY AS x(id, n)`,
    [eventId, author.id, subIds],
  );
  await t.db.query(
    `INSERT INTO talks (event_id, session_id, segment_id, submission_id, starts_at, ends_at)
     SELECT $1, session_id, segment_id, submission_id, starts_at, starts_at + interval '5 minutes'
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[]) AS x(session_id, segment_id, submission_id, starts_at)`,
    [eventId, segments.map((g) => g.session_id), segments.map((g) => g.id), subIds, segments.map((g) => g.starts_at)],
  );
  return segments.length;
}
