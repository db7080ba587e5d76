import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { hashPassword } from '../auth/password.js';
import { EventEntity } from '../events/event.entity.js';
import { DEMO_ACCOUNTS, DEMO_EDITION, UPCOMING_SLUG } from './demo-data.js';
import { DemoCertificateSeeder } from './demo-certificate.js';
import { DemoRolesSeeder } from './demo-roles.js';
import { assignPeople, DEMO_ROOMS, DEMO_SPEAKERS, DEMO_TRACKS, demoId, demoSessions } from './demo-programme.js';

type DemoRole = keyof typeof DEMO_ACCOUNTS;

/** Loads the demo accounts and editions. Idempotent: what exists is left as it is. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly roles: DemoRolesSeeder,
    private readonly certificate: DemoCertificateSeeder,
  ) {}

  async run(now = new Date()): Promise<void> {
    await this.db.transaction(async (em) => {
      // Two processes starting at once must not both seed.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('demo-seed'))`);
      const users = await this.seedAccounts(em);
      const past = await this.seedEdition(em, DEMO_EDITION.slug, 0, users, now);
      const upcoming = await this.seedEdition(em, UPCOMING_SLUG, DateTime.fromJSDate(now).year + 1 - 2025, users, now);
      await this.seedSpeakers(em);
      await this.seedProgramme(em, past);
      await this.seedProgramme(em, upcoming);
      this.logger.debug(`demo editions ready: ${DEMO_EDITION.slug} (${past}), ${UPCOMING_SLUG} (${upcoming})`);
    });
    // Then what each demo role holds, through the services the API uses (their own transactions).
    await this.roles.run();
    await this.certificate.run();
  }

  private async seedAccounts(em: EntityManager): Promise<Record<DemoRole, string>> {
    const ids = {} as Record<DemoRole, string>;
    for (const [role, account] of Object.entries(DEMO_ACCOUNTS) as [DemoRole, (typeof DEMO_ACCOUNTS)[DemoRole]][]) {
      const existing: { id: string }[] = await em.query(`SELECT id FROM users WHERE email = $1`, [account.email]);
      if (existing.length) {
        ids[role] = existing[0].id;
        continue;
      }
      const [row]: { id: string }[] = await em.query(
        `INSERT INTO users (email, password_hash, name, is_admin) VALUES ($1, $2, $3, $4) RETURNING id`,
        [account.email, await hashPassword(account.password), account.name, 'isAdmin' in account && account.isAdmin],
      );
      ids[role] = row.id;
    }
    return ids;
  }

  /**
   * The edition `slug`, `yearsLater` years after the 2025 meeting. The upcoming copy has its call
   * for submissions and its registration open now, so that every flow can be tried.
   */
  private async seedEdition(em: EntityManager, slug: string, yearsLater: number, users: Record<DemoRole, string>, now: Date) {
    const existing = await em.findOne(EventEntity, { where: { slug } });
    if (existing) return existing.id;
    const shift = (iso: string) => DateTime.fromISO(iso, { zone: DEMO_EDITION.timeZone }).plus({ years: yearsLater });
    const startsOn = shift(DEMO_EDITION.startsOn).toISODate()!;
    const endsOn = shift(DEMO_EDITION.endsOn).toISODate()!;
    const upcoming = yearsLater > 0;
    const opening = DateTime.fromJSDate(now).minus({ days: 1 }).startOf('day');
    const event = await em.save(
      em.create(EventEntity, {
        ...DEMO_EDITION,
        slug,
        startsOn,
        endsOn,
        title: upcoming ? { en: `CSCO Annual Meeting ${startsOn.slice(0, 4)} (demo)`, zh: `${startsOn.slice(0, 4)} CSCO学术年会（演示）` } : DEMO_EDITION.title,
        acronym: upcoming ? `CSCO ${startsOn.slice(0, 4)}` : DEMO_EDITION.acronym,
        cfpOpensAt: upcoming ? opening.toJSDate() : new Date(DEMO_EDITION.cfpOpensAt!),
        cfpClosesAt: upcoming ? shift(`${DEMO_EDITION.startsOn}T00:00:00`).minus({ days: 30 }).toJSDate() : new Date(DEMO_EDITION.cfpClosesAt!),
        registrationOpensAt: upcoming ? opening.toJSDate() : new Date(DEMO_EDITION.registrationOpensAt!),
        registrationClosesAt: upcoming ? shift(DEMO_EDITION.registrationClosesAt!).toJSDate() : new Date(DEMO_EDITION.registrationClosesAt!),
        publishedAt: now,
      }),
    );
    await em.query(
      `INSERT INTO event_members (event_id, user_id, role) VALUES ($1, $2, 'owner'), ($1, $3, 'organiser') ON CONFLICT DO NOTHING`,
      [event.id, users.admin, users.organiser],
    );
    return event.id;
  }

  /** The demo's speaker profiles (shared by both editions; stable ids, so loading twice adds nothing). */
  private async seedSpeakers(em: EntityManager) {
    await em.query(
      `INSERT INTO speakers (id, name, honorific, titles, affiliations, country)
       SELECT * FROM unnest($1::uuid[], $2::jsonb[], $3::text[], $4::jsonb[], $5::jsonb[], $6::text[])
       ON CONFLICT (id) DO NOTHING`,
      [
        DEMO_SPEAKERS.map((s) => demoId(`speaker:${s.key}`)),
        DEMO_SPEAKERS.map((s) => JSON.stringify(s.name)),
        DEMO_SPEAKERS.map((s) => s.honorific),
        DEMO_SPEAKERS.map((s) => JSON.stringify([s.title])),
        DEMO_SPEAKERS.map((s) => JSON.stringify([s.affiliation])),
        DEMO_SPEAKERS.map((s) => s.country),
      ],
    );
  }

  /**
   * Tracks, rooms and channels, and the sessions of the demo programme, laid out from the edition's
   * first day in its time zone (so `demo-upcoming` gets the same programme on its own dates). An
   * edition that has tracks already is left as it is.
   */
  private async seedProgramme(em: EntityManager, eventId: string) {
    const [edition]: { starts_on: string; time_zone: string; n: number }[] = await em.query(
      `SELECT starts_on::text AS starts_on, time_zone, (SELECT count(*)::int FROM tracks WHERE event_id = e.id) AS n FROM events e WHERE id = $1`,
      [eventId],
    );
    if (edition.n > 0) return;
    const id = (key: string) => demoId(`${eventId}:${key}`);
    const year = edition.starts_on.slice(0, 4);
    await em.query(
      `INSERT INTO tracks (id, event_id, code, name, colour, committee, display_order)
       SELECT id, $1, code, name, colour, committee, ord FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::text[], $6::jsonb[], $7::int[]) AS t(id, code, name, colour, committee, ord)`,
      [eventId, DEMO_TRACKS.map((t) => id(`track:${t.code}`)), DEMO_TRACKS.map((t) => t.code), DEMO_TRACKS.map((t) => JSON.stringify(t.name)), DEMO_TRACKS.map((t) => t.colour), DEMO_TRACKS.map((t) => JSON.stringify(t.committee)), DEMO_TRACKS.map((_, i) => i)],
    );
    await em.query(
      `INSERT INTO rooms (id, event_id, kind, name, venue, city, capacity, platform, stream_url, display_order)
       SELECT id, $1, kind, name, venue, city, capacity, platform, stream_url, ord
         FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::int[]) AS r(id, kind, name, venue, city, capacity, platform, stream_url, ord)`,
      [
        eventId,
        DEMO_ROOMS.map((r) => id(`room:${r.key}`)),
        DEMO_ROOMS.map((r) => r.kind),
        DEMO_ROOMS.map((r) => JSON.stringify(r.name)),
        DEMO_ROOMS.map((r) => r.venue ?? null),
        DEMO_ROOMS.map((r) => r.city ?? null),
        DEMO_ROOMS.map((r) => r.capacity ?? null),
        DEMO_ROOMS.map((r) => r.platform ?? null),
        DEMO_ROOMS.map((r) => r.streamUrl?.replace('/2025/', `/${year}/`) ?? null),
        DEMO_ROOMS.map((_, i) => i),
      ],
    );

    const sessions = demoSessions();
    const people = assignPeople(sessions);
    const first = DateTime.fromISO(edition.starts_on, { zone: edition.time_zone });
    const at = (day: number, hhmm: string) => first.plus({ days: day }).set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3)) }).toJSDate();
    const rows = sessions.map((s) => ({ s, sid: id(`session:${s.key}`), starts: at(s.day, s.from), ends: at(s.day, s.to) }));
    await em.query(
      `INSERT INTO sessions (id, event_id, track_id, kind, format, title, description, starts_at, ends_at, room_id, channel_id)
       SELECT id, $1, track, kind, format, title, description, starts, ends, room, channel
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::timestamptz[], $10::uuid[], $11::uuid[])
           AS s(id, track, kind, format, title, description, starts, ends, room, channel)`,
      [
        eventId,
        rows.map((r) => r.sid),
        rows.map((r) => (r.s.track ? id(`track:${r.s.track}`) : null)),
        rows.map((r) => r.s.kind),
        rows.map((r) => r.s.format),
        rows.map((r) => JSON.stringify(r.s.title)),
        rows.map((r) => (r.s.description ? JSON.stringify(r.s.description) : null)),
        rows.map((r) => r.starts),
        rows.map((r) => r.ends),
        rows.map((r) => (r.s.room ? id(`room:${r.s.room}`) : null)),
        rows.map((r) => (r.s.channel ? id(`room:${r.s.channel}`) : null)),
      ],
    );
    const segments = rows.flatMap((r) => r.s.segments.map((g, i) => ({ sid: r.sid, gid: id(`segment:${r.s.key}:${i + 1}`), position: i + 1, g })));
    await em.query(
      `INSERT INTO session_segments (id, event_id, session_id, position, kind, title, duration_minutes)
       SELECT id, $1, session, position, kind, title, minutes
         FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::jsonb[], $7::int[]) AS g(id, session, position, kind, title, minutes)`,
      [eventId, segments.map((x) => x.gid), segments.map((x) => x.sid), segments.map((x) => x.position), segments.map((x) => x.g.kind), segments.map((x) => (x.g.title ? JSON.stringify(x.g.title) : null)), segments.map((x) => x.g.minutes)],
    );
    const placed = rows.flatMap((r) =>
      (people.get(r.s.key) ?? []).map((p) => ({ r, p, segment: p.segment ? id(`segment:${r.s.key}:${p.segment}`) : null })),
    );
    await em.query(
      `INSERT INTO session_people (event_id, session_id, speaker_id, role, segment_id, starts_at, ends_at)
       SELECT $1, session, speaker, role, segment, starts, ends
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::timestamptz[], $7::timestamptz[]) AS p(session, speaker, role, segment, starts, ends)`,
      [eventId, placed.map((x) => x.r.sid), placed.map((x) => demoId(`speaker:${x.p.speakerKey}`)), placed.map((x) => x.p.role), placed.map((x) => x.segment), placed.map((x) => x.r.starts), placed.map((x) => x.r.ends)],
    );
  }
}
