// Bare baselines for `npm run bench`: a minimal Fastify server doing only what a route needs.
//   BARE_MODE=static   the same bytes from memory as Buffers (BODY_FILE, and its brotli form BODY_BR_FILE for
//                      `Accept-Encoding: br`), with the same ETag and 304 handling
//   BARE_MODE=pg       the programme from the same queries on `pg` (edition, sessions, segments, people, talks),
//                      assembled by the same `assemble()` into the same JSON
//   BARE_MODE=register the registration transaction on `pg` (the user id in the x-user-id header)
// Listens on 127.0.0.1:PORT and prints "ready" on stdout.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import { assemble } from '../dist-test/programme/programme.service.js';

const mode = process.env.BARE_MODE;
const port = Number(process.env.PORT);
const etagOf = (body) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
const app = Fastify({ logger: false });

function send(request, reply, body, etag, br) {
  const useBr = br && (request.headers['accept-encoding'] ?? '').includes('br');
  reply.header('etag', useBr ? `${etag.slice(0, -1)}-br"` : etag).header('cache-control', 'public, max-age=10, s-maxage=30, stale-while-revalidate=30').header('vary', 'Accept-Language, Accept-Encoding');
  const inm = request.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim() === etag)) return reply.status(304).send();
  if (useBr) reply.header('content-encoding', 'br');
  return reply.status(200).header('content-type', 'application/json; charset=utf-8').send(useBr ? br : body);
}

if (mode === 'static') {
  // The same bytes as Buffers: the body, and (BODY_BR_FILE) the service's own brotli form of it.
  const body = readFileSync(process.env.BODY_FILE);
  const br = process.env.BODY_BR_FILE ? readFileSync(process.env.BODY_BR_FILE) : undefined;
  const etag = etagOf(body);
  app.get('/programme', (request, reply) => send(request, reply, body, etag, br));
} else if (mode === 'pg') {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
  const ROLE_ORDER = `array_position(ARRAY['chair','moderator','speaker','commentator','panelist'], p.role)`;
  app.get('/programme/:eventId', async (request, reply) => {
    const { eventId } = request.params;
    const lang = request.query.lang === 'zh' ? 'zh' : 'en';
    const now = new Date();
    const { rows: [edition] } = await pool.query(
      `SELECT e.id, e.slug, e.acronym, e.title, e.city, e.venue, e.time_zone, e.starts_on::text AS starts_on, e.ends_on::text AS ends_on,
              e.published_at IS NOT NULL AS published, e.titles_release_at, e.abstracts_release_at, e.late_breaking_release_time
         FROM events e WHERE e.id = $1`,
      [eventId],
    );
    if (!edition?.published) return reply.status(404).send({ statusCode: 404 });
    const { rows: sessions } = await pool.query(
      `SELECT s.id, s.kind, s.format, s.title, s.description, s.starts_at, s.ends_at,
              t.id AS track_id, t.code AS track_code, t.name AS track_name, t.colour AS track_colour,
              r.id AS room_id, r.name AS room_name, r.venue, r.city,
              c.id AS channel_id, c.name AS channel_name, c.platform, r.display_order AS room_order, c.display_order AS channel_order,
              s.frab_id, s.sequence, s.updated_at
         FROM sessions s
         LEFT JOIN tracks t ON t.event_id = s.event_id AND t.id = s.track_id
         LEFT JOIN rooms r ON r.event_id = s.event_id AND r.id = s.room_id
         LEFT JOIN rooms c ON c.event_id = s.event_id AND c.id = s.channel_id
        WHERE s.event_id = $1
        ORDER BY s.starts_at, coalesce(r.display_order, c.display_order), s.ends_at, s.id`,
      [eventId],
    );
    const ids = sessions.map((s) => s.id);
    const { rows: segments } = await pool.query(
      `SELECT id, session_id, position, kind, title, duration_minutes FROM session_segments
        WHERE event_id = $1 AND session_id = ANY ($2::uuid[]) ORDER BY session_id, position`,
      [eventId, ids],
    );
    const { rows: people } = await pool.query(
      `SELECT p.session_id, p.segment_id, p.speaker_id, p.role, s.name, s.honorific, s.titles->0 AS title,
              s.affiliations->0 AS affiliation, s.country,
              d.nothing_to_disclose, d.relationships, d.valid_until AS disclosure_valid_until
         FROM session_people p JOIN speakers s ON s.id = p.speaker_id
         LEFT JOIN disclosures d ON d.event_id = p.event_id AND d.speaker_id = p.speaker_id AND d.valid_until > $3
        WHERE p.event_id = $1 AND p.session_id = ANY ($2::uuid[])
        ORDER BY p.session_id, ${ROLE_ORDER}, coalesce(s.name->>'en', s.name->>'zh'), p.speaker_id`,
      [eventId, ids, now],
    );
    const { rows: talks } = await pool.query(
      `SELECT k.id, k.session_id, k.segment_id, k.submission_id, k.frab_id, k.starts_at, k.ends_at,
              sub.type, sub.presentation, sub.title, sub.abstract, sub.language
         FROM talks k JOIN submissions sub ON sub.event_id = k.event_id AND sub.id = k.submission_id
        WHERE k.event_id = $1 AND k.session_id = ANY ($2::uuid[])
        ORDER BY k.starts_at, k.id`,
      [eventId, ids],
    );
    const body = JSON.stringify(assemble(edition, sessions, segments, people, lang, undefined, talks, now));
    return send(request, reply, body, etagOf(body));
  });
  app.addHook('onClose', () => pool.end());
} else if (mode === 'register') {
  const { registerBare } = await import('./bare-register.mjs');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
  app.post('/events/:eventId/registrations', async (request, reply) => {
    const result = await registerBare(pool, request.params.eventId, request.headers['x-user-id'], request.body?.mode ?? 'in_person');
    return reply.status(result.status).send(result.body);
  });
  app.addHook('onClose', () => pool.end());
} else {
  throw new Error(`unknown BARE_MODE ${mode}`);
}

await app.listen({ port, host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
