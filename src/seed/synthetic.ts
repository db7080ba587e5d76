import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';

export interface SyntheticOptions {
  sessions: number;
  speakers: number;
  /**
   * Talk submissions (accepted and confirmed); as many as there are talk segments are placed in
   * them as talks (one per segment), the rest wait unscheduled. Default 0.
   */
  talks?: number;
  /** Slug of a new edition (ignored with eventId). */
  slug?: string;
  /** Fill an existing edition instead of creating one (its first day and time zone are used). */
  eventId?: string;
  /** First day of a new edition (five days). */
  startsOn?: string;
  /** Called as rows go in: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface SyntheticResult {
  eventId: string;
  slug: string;
  sessions: number;
  speakers: number;
  rooms: number;
  channels: number;
  segments: number;
  people: number;
  /** Talk submissions, and how many of them are placed in the programme. */
  submissions: number;
  talks: number;
}

const DAYS = 5;
const SLOTS_PER_DAY = 8; // 08:00 to 16:00 local, one session an hour
const SESSION_MINUTES = 50;
const TALKS_PER_SESSION = 4;
const TALK_MINUTES = 10;
const BATCH = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FAMILY = [['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'], ['杨', 'Yang'], ['黄', 'Huang'], ['赵', 'Zhao'], ['吴', 'Wu'], ['周', 'Zhou'], ['徐', 'Xu'], ['孙', 'Sun'], ['马', 'Ma'], ['朱', 'Zhu'], ['胡', 'Hu']];
const GIVEN = [['伟', 'Wei'], ['芳', 'Fang'], ['娜', 'Na'], ['敏', 'Min'], ['静', 'Jing'], ['强', 'Qiang'], ['磊', 'Lei'], ['军', 'Jun'], ['洋', 'Yang'], ['勇', 'Yong'], ['艳', 'Yan'], ['杰', 'Jie'], ['涛', 'Tao'], ['明', 'Ming'], ['超', 'Chao']];
const TOPICS = [['白血病', 'Leukemia'], ['淋巴瘤', 'Lymphoma'], ['多发性骨髓瘤', 'Multiple Myeloma'], ['骨髓增生异常综合征', 'MDS'], ['肺癌', 'Lung Cancer'], ['乳腺癌', 'Breast Cancer'], ['胃癌', 'Gastric Cancer'], ['结直肠癌', 'Colorectal Cancer'], ['肝癌', 'Liver Cancer'], ['创新药物', 'Drug Innovation'], ['免疫治疗', 'Immunotherapy'], ['细胞治疗', 'Cell Therapy']];
const KINDS = ['lecture', 'oral_abstracts', 'forum', 'panel', 'plenary', 'satellite_symposium'];
const FORMATS = ['hybrid', 'online', 'in_person'] as const;

/** Inserts rows in batches of BATCH with one statement each (`unnest` of column arrays). */
async function bulk(em: EntityManager, sql: string, columns: unknown[][], tick: (n: number) => void) {
  const total = columns[0]?.length ?? 0;
  for (let i = 0; i < total; i += BATCH) {
    await em.query(sql, columns.map((c) => c.slice(i, i + BATCH)));
    tick(Math.min(BATCH, total - i));
  }
}

/**
 * A large, clash-free edition for benchmarks and tests at size: tracks, rooms and channels in
 * pairs ("places"), `sessions` sessions of four talks and a discussion, each with a chair and four
 * speakers, over five days; `speakers` speaker profiles. Each speaker belongs to one place, whose
 * sessions never overlap, so nobody is double-booked. Everything goes in with bulk statements.
 */
export async function generateSyntheticEdition(db: DataSource, o: SyntheticOptions): Promise<SyntheticResult> {
  const places = Math.max(1, Math.ceil(o.sessions / (DAYS * SLOTS_PER_DAY)));
  const segmentsPerSession = TALKS_PER_SESSION + 1;
  const peoplePerSession = TALKS_PER_SESSION + 1;
  const submissions = o.talks ?? 0;
  const total = o.speakers + o.sessions * (1 + segmentsPerSession + peoplePerSession) + places * 2 + submissions + Math.min(submissions, o.sessions * TALKS_PER_SESSION);
  let done = 0;
  const tick = (n: number) => {
    done += n;
    o.onProgress?.(done, total);
  };

  if (o.eventId && !UUID.test(o.eventId)) throw new Error('eventId must be a UUID');
  return db.transaction(async (em) => {
    let eventId = o.eventId;
    let slug = o.slug ?? `synthetic-${randomUUID().slice(0, 8)}`;
    const startsOn = o.startsOn ?? DateTime.now().plus({ years: 1 }).toISODate()!;
    if (!eventId) {
      const [row]: { id: string }[] = await em.query(
        `INSERT INTO events (slug, title, city, venue, starts_on, ends_on, time_zone, format, published_at)
         VALUES ($1, $2, 'Jinan', 'Synthetic Convention Center', $3, $4, 'Asia/Shanghai', 'hybrid', now()) RETURNING id`,
        [slug, { en: `Synthetic edition (${o.sessions} sessions)`, zh: `合成数据（${o.sessions} 场）` }, startsOn, DateTime.fromISO(startsOn).plus({ days: DAYS - 1 }).toISODate()],
      );
      eventId = row.id;
    }
    const [edition]: { slug: string; starts_on: string; time_zone: string }[] = await em.query(`SELECT slug, starts_on::text AS starts_on, time_zone FROM events WHERE id = $1`, [eventId]);
    slug = edition.slug;
    const tz = edition.time_zone;
    const tag = randomUUID().slice(0, 4);

    const trackIds = TOPICS.map(() => randomUUID());
    await em.query(
      `INSERT INTO tracks (id, event_id, code, name, display_order)
       SELECT id, $1, code, name, ord FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::int[]) AS t(id, code, name, ord)`,
      [eventId, trackIds, TOPICS.map((_, i) => `S${tag}${i}`), TOPICS.map(([zh, en]) => JSON.stringify({ zh, en })), TOPICS.map((_, i) => i)],
    );

    const roomIds = Array.from({ length: places }, () => randomUUID());
    const channelIds = Array.from({ length: places }, () => randomUUID());
    await bulk(
      em,
      `INSERT INTO rooms (id, event_id, kind, name, venue, city, capacity, platform, stream_url, display_order)
       SELECT id, '${eventId}', kind, name, venue, city, capacity, platform, stream_url, ord
         FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::int[])
           AS r(id, kind, name, venue, city, capacity, platform, stream_url, ord)`,
      [
        [...roomIds, ...channelIds],
        [...roomIds.map(() => 'room'), ...channelIds.map(() => 'channel')],
        [...roomIds.map((_, i) => JSON.stringify({ en: `Hall ${i + 1}`, zh: `${i + 1}号厅` })), ...channelIds.map((_, i) => JSON.stringify({ en: `Channel ${i + 1}`, zh: `线上频道 ${i + 1}` }))],
        [...roomIds.map(() => 'Synthetic Convention Center'), ...channelIds.map(() => null)],
        [...roomIds.map(() => 'Jinan'), ...channelIds.map(() => null)],
        [...roomIds.map(() => 300), ...channelIds.map(() => null)],
        [...roomIds.map(() => null), ...channelIds.map(() => 'CSCO Live')],
        [...roomIds.map(() => null), ...channelIds.map(() => `https://live.example.org/${randomUUID()}`)],
        [...roomIds.map((_, i) => i), ...channelIds.map((_, i) => i)],
      ],
      tick,
    );

    const speakerIds = Array.from({ length: o.speakers }, () => randomUUID());
    await bulk(
      em,
      `INSERT INTO speakers (id, name, honorific, titles, affiliations, country)
       SELECT id, name, 'Prof.', titles, affiliations, country FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[], $4::jsonb[], $5::text[]) AS s(id, name, titles, affiliations, country)`,
      [
        speakerIds,
        speakerIds.map((_, i) => {
          const [fz, fe] = FAMILY[i % FAMILY.length];
          const [gz, ge] = GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length];
          return JSON.stringify({ zh: `${fz}${gz}`, en: `${ge} ${fe} ${i + 1}` });
        }),
        speakerIds.map(() => JSON.stringify([{ en: 'Chief Physician', zh: '主任医师' }])),
        speakerIds.map((_, i) => JSON.stringify([{ en: `Synthetic Cancer Hospital ${(i % 50) + 1}`, zh: `合成肿瘤医院 ${(i % 50) + 1}` }])),
        speakerIds.map(() => 'CN'),
      ],
      tick,
    );

    // Sessions: session i at place i % places, in its (i / places)-th hourly slot.
    const s = { id: [] as string[], track: [] as string[], kind: [] as string[], format: [] as string[], title: [] as string[], starts: [] as Date[], ends: [] as Date[], room: [] as (string | null)[], channel: [] as (string | null)[] };
    const g = { id: [] as string[], session: [] as string[], position: [] as number[], kind: [] as string[], title: [] as string[], minutes: [] as number[] };
    const p = { session: [] as string[], speaker: [] as string[], role: [] as string[], segment: [] as (string | null)[], starts: [] as Date[], ends: [] as Date[] };
    const talkSlots: { segment: string; session: string; track: string; starts: Date; ends: Date }[] = [];
    const pools = Array.from({ length: places }, (_, place) => speakerIds.filter((_, j) => j % places === place));
    const cursor = new Array(places).fill(0);
    const first = DateTime.fromISO(edition.starts_on, { zone: tz });
    for (let i = 0; i < o.sessions; i++) {
      const place = i % places;
      const slot = Math.floor(i / places);
      const start = first.plus({ days: Math.floor(slot / SLOTS_PER_DAY) % DAYS, hours: 8 + (slot % SLOTS_PER_DAY) });
      const format = FORMATS[i % FORMATS.length];
      const id = randomUUID();
      const [tz1, te] = TOPICS[i % TOPICS.length];
      s.id.push(id);
      s.track.push(trackIds[i % trackIds.length]);
      s.kind.push(KINDS[i % KINDS.length]);
      s.format.push(format);
      s.title.push(JSON.stringify({ en: `${te}: session ${i + 1}`, zh: `${tz1}专场 ${i + 1}` }));
      s.starts.push(start.toJSDate());
      s.ends.push(start.plus({ minutes: SESSION_MINUTES }).toJSDate());
      s.room.push(format === 'online' ? null : roomIds[place]);
      s.channel.push(format === 'in_person' ? null : channelIds[place]);
      const segIds: string[] = [];
      for (let k = 0; k < segmentsPerSession; k++) {
        const segId = randomUUID();
        segIds.push(segId);
        const talk = k < TALKS_PER_SESSION;
        g.id.push(segId);
        g.session.push(id);
        g.position.push(k + 1);
        g.kind.push(talk ? 'talk' : 'discussion');
        g.title.push(JSON.stringify(talk ? { en: `Talk ${k + 1}`, zh: `报告 ${k + 1}` } : { en: 'Discussion', zh: '讨论' }));
        g.minutes.push(TALK_MINUTES);
        if (talk) {
          const from = start.plus({ minutes: k * TALK_MINUTES });
          talkSlots.push({ segment: segId, session: id, track: trackIds[i % trackIds.length], starts: from.toJSDate(), ends: from.plus({ minutes: TALK_MINUTES }).toJSDate() });
        }
      }
      const pool = pools[place];
      const used = new Set<string>();
      for (let k = 0; k < peoplePerSession && pool.length; k++) {
        const who = pool[cursor[place]++ % pool.length];
        if (used.has(who)) continue;
        used.add(who);
        p.session.push(id);
        p.speaker.push(who);
        p.role.push(k === 0 ? 'chair' : 'speaker');
        p.segment.push(k === 0 ? null : segIds[k - 1]);
        p.starts.push(s.starts[i]);
        p.ends.push(s.ends[i]);
      }
    }
    await bulk(
      em,
      `INSERT INTO sessions (id, event_id, track_id, kind, format, title, starts_at, ends_at, room_id, channel_id)
       SELECT id, '${eventId}', track, kind, format, title, starts, ends, room, channel
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::timestamptz[], $8::uuid[], $9::uuid[])
           AS s(id, track, kind, format, title, starts, ends, room, channel)`,
      [s.id, s.track, s.kind, s.format, s.title, s.starts, s.ends, s.room, s.channel],
      tick,
    );
    await bulk(
      em,
      `INSERT INTO session_segments (id, event_id, session_id, position, kind, title, duration_minutes)
       SELECT id, '${eventId}', session, position, kind, title, minutes
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::jsonb[], $6::int[]) AS g(id, session, position, kind, title, minutes)`,
      [g.id, g.session, g.position, g.kind, g.title, g.minutes],
      tick,
    );
    await bulk(
      em,
      `INSERT INTO session_people (event_id, session_id, speaker_id, role, segment_id, starts_at, ends_at)
       SELECT '${eventId}', session, speaker, role, segment, starts, ends
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[], $6::timestamptz[]) AS p(session, speaker, role, segment, starts, ends)`,
      [p.session, p.speaker, p.role, p.segment, p.starts, p.ends],
      tick,
    );

    // Talk submissions by one synthetic author, accepted and confirmed; the first ones placed in talk segments.
    let placed = 0;
    if (submissions > 0) {
      const [author]: { id: string }[] = await em.query(
        `INSERT INTO users (email, password_hash, name) VALUES ($1, 'synthetic-no-login', 'Synthetic Author') RETURNING id`,
        [`synthetic-author-${tag}-${randomUUID().slice(0, 8)}@example.invalid`],
      );
      const subIds = Array.from({ length: submissions }, () => randomUUID());
      placed = Math.min(submissions, talkSlots.length);
      await bulk(
        em,
        `INSERT INTO submissions (id, event_id, track_id, type, title, abstract, requested_minutes, language, status, presentation, created_by,
                                  submitted_at, decided_at, confirmed_at, scheduled_at)
         SELECT id, '${eventId}', track, 'talk', title, '{"en":"A synthetic abstract.","zh":"合成摘要。"}', ${TALK_MINUTES}, 'en', 'confirmed', 'oral', '${author.id}',
                now(), now(), now(), CASE WHEN placed THEN now() END
           FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::boolean[]) AS x(id, track, title, placed)`,
        [
          subIds,
          subIds.map((_, i) => (i < placed ? talkSlots[i].track : trackIds[i % trackIds.length])),
          subIds.map((_, i) => JSON.stringify({ en: `Synthetic talk ${i + 1}`, zh: `合成报告 ${i + 1}` })),
          subIds.map((_, i) => i < placed),
        ],
        tick,
      );
      const slots = talkSlots.slice(0, placed);
      await bulk(
        em,
        `INSERT INTO talks (event_id, session_id, segment_id, submission_id, starts_at, ends_at)
         SELECT '${eventId}', session, segment, submission, starts, ends
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[]) AS t(session, segment, submission, starts, ends)`,
        [slots.map((x) => x.session), slots.map((x) => x.segment), subIds.slice(0, placed), slots.map((x) => x.starts), slots.map((x) => x.ends)],
        tick,
      );
    }
    o.onProgress?.(total, total);
    return {
      eventId: eventId!,
      slug,
      sessions: o.sessions,
      speakers: o.speakers,
      rooms: places,
      channels: places,
      segments: g.id.length,
      people: p.session.length,
      submissions,
      talks: placed,
    };
  });
}
