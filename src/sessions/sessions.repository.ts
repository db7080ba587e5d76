import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SqlRepository, type KeyCount } from '../database/sql-repository.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { SessionEntity } from './session.entity.js';
import type { EditionPerson } from '../speakers/speakers.service.js';
import type { SegmentKind, SessionFormat, SessionKind, SessionRole } from './session-vocabulary.js';

/** A session row as the service checks, writes and answers with it. */
export interface SessionRow {
  id: string;
  event_id: string;
  track_id: string | null;
  kind: SessionKind;
  format: SessionFormat;
  title: LocalizedText;
  description: LocalizedText | null;
  starts_at: Date;
  ends_at: Date;
  room_id: string | null;
  channel_id: string | null;
  sequence: number;
}

/** The columns a session is written with. */
export interface SessionValues {
  trackId: string | null;
  kind: SessionKind;
  format: SessionFormat;
  title: LocalizedText;
  description: LocalizedText | null;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  channelId: string | null;
}

export interface SegmentRow {
  id: string;
  session_id: string;
  position: number;
  kind: SegmentKind;
  title: LocalizedText | null;
  duration_minutes: number;
}

export interface PersonRow {
  session_id: string;
  speaker_id: string;
  role: SessionRole;
  position: number | null;
}

/** Another session in the same room or channel at an overlapping time. */
export type RoomClashRow = Pick<SessionRow, 'id' | 'title' | 'starts_at' | 'ends_at' | 'room_id' | 'channel_id'>;

/** A person who is in another session at an overlapping time. */
export interface PersonClashRow {
  speaker_id: string;
  role: SessionRole;
  session_id: string;
  title: LocalizedText;
  starts_at: Date;
  ends_at: Date;
}

const COLUMNS = `id, event_id, track_id, kind, format, title, description, starts_at, ends_at, room_id, channel_id, sequence`;

/** A person of a session and their roles in it. */
export interface SessionPersonRoles {
  sessionId: string;
  title: LocalizedText;
  startsAt: Date;
  speakerId: string;
  roles: SessionRole[];
}

/** Where and how a session happens, as other modules need it (seats, streams, agendas, credits). */
export type SessionPlace = Pick<SessionEntity, 'id' | 'eventId' | 'format' | 'roomId' | 'channelId' | 'startsAt' | 'endsAt' | 'title'>;

/** Sessions of the programme (`sessions`, `session_segments`, `session_people`). */
@Injectable()
export class SessionsRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  place(sessionId: string, em?: EntityManager): Promise<SessionPlace | null> {
    return this.manager(em).findOne(SessionEntity, {
      select: { id: true, eventId: true, format: true, roomId: true, channelId: true, startsAt: true, endsAt: true, title: true },
      where: { id: sessionId },
    });
  }

  /** Whole session rows by id (in any edition), for modules that show sessions they refer to. */
  byIds(ids: string[], em?: EntityManager): Promise<SessionEntity[]> {
    return ids.length ? this.manager(em).findBy(SessionEntity, { id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /** A page of an edition's sessions in time order (only those of `trackIds`, when given), and how many there are. */
  async page(eventId: string, trackIds: string[] | null, offset: number, limit: number): Promise<[SessionRow[], number]> {
    const scope = `event_id = $1 AND ($2::uuid[] IS NULL OR track_id = ANY($2::uuid[]))`;
    const [rows, [{ n }]] = await Promise.all([
      this.rows<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE ${scope} ORDER BY starts_at, id LIMIT $3 OFFSET $4`, [eventId, trackIds, limit, offset]),
      this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE ${scope}`, [eventId, trackIds]),
    ]);
    return [rows, n];
  }

  find(eventId: string, id: string, em?: EntityManager): Promise<SessionRow | undefined> {
    return this.first(`SELECT ${COLUMNS} FROM sessions WHERE event_id = $1 AND id = $2`, [eventId, id], em);
  }

  /** The session, locked for the caller's transaction. */
  findForUpdate(eventId: string, id: string, em: EntityManager): Promise<SessionRow | undefined> {
    return this.first(`SELECT ${COLUMNS} FROM sessions WHERE event_id = $1 AND id = $2 FOR UPDATE`, [eventId, id], em);
  }

  async insert(eventId: string, v: SessionValues, em: EntityManager): Promise<SessionRow> {
    const [row] = await this.rows<SessionRow>(
      `INSERT INTO sessions (event_id, track_id, kind, format, title, description, starts_at, ends_at, room_id, channel_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [eventId, v.trackId, v.kind, v.format, v.title, v.description, v.startsAt, v.endsAt, v.roomId, v.channelId],
      em,
    );
    return row;
  }

  /** Writes the session; `moved` raises its sequence (iCal SEQUENCE). */
  async update(eventId: string, id: string, v: SessionValues, moved: boolean, em: EntityManager): Promise<SessionRow> {
    const [row] = await this.rows<SessionRow>(
      `UPDATE sessions SET track_id = $3, kind = $4, format = $5, title = $6, description = $7, starts_at = $8, ends_at = $9,
              room_id = $10, channel_id = $11, sequence = sequence + $12, updated_at = now()
        WHERE event_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [eventId, id, v.trackId, v.kind, v.format, v.title, v.description, v.startsAt, v.endsAt, v.roomId, v.channelId, moved ? 1 : 0],
      em,
    );
    return row;
  }

  async delete(eventId: string, id: string, em: EntityManager): Promise<void> {
    await this.affected(`DELETE FROM sessions WHERE event_id = $1 AND id = $2`, [eventId, id], em);
  }

  /** Other sessions in the room or on the channel at an overlapping time (the exclusion constraints are the backstop). */
  findOverlapping(eventId: string, exceptId: string | null, startsAt: Date, endsAt: Date, roomId: string | null, channelId: string | null, em: EntityManager): Promise<RoomClashRow[]> {
    return this.rows(
      `SELECT id, title, starts_at, ends_at, room_id, channel_id FROM sessions
        WHERE event_id = $1 AND ($2::uuid IS NULL OR id <> $2) AND tstzrange(starts_at, ends_at) && tstzrange($3, $4)
          AND (room_id = $5 OR channel_id = $6)
        ORDER BY starts_at LIMIT 10`,
      [eventId, exceptId, startsAt, endsAt, roomId, channelId],
      em,
    );
  }

  /** People among `speakerIds` who are in another session at an overlapping time, in any role. */
  findDoubleBookings(eventId: string, speakerIds: string[], exceptId: string | null, startsAt: Date, endsAt: Date, em: EntityManager): Promise<PersonClashRow[]> {
    return this.rows(
      `SELECT sp.speaker_id, sp.role, s.id AS session_id, s.title, s.starts_at, s.ends_at
         FROM session_people sp
         JOIN sessions s ON s.event_id = sp.event_id AND s.id = sp.session_id
        WHERE sp.event_id = $1 AND sp.speaker_id = ANY ($2::uuid[]) AND ($3::uuid IS NULL OR sp.session_id <> $3)
          AND tstzrange(sp.starts_at, sp.ends_at) && tstzrange($4, $5)
        ORDER BY s.starts_at LIMIT 20`,
      [eventId, speakerIds, exceptId, startsAt, endsAt],
      em,
    );
  }

  /** Inserts the segments in order; answers their ids by position. */
  async insertSegments(eventId: string, sessionId: string, segments: { kind: SegmentKind; title?: LocalizedText | null; durationMinutes: number }[], em: EntityManager): Promise<string[]> {
    if (!segments.length) return [];
    const rows = await this.rows<{ id: string; position: number }>(
      `INSERT INTO session_segments (event_id, session_id, position, kind, title, duration_minutes)
       SELECT $1, $2, s.position, s.kind, s.title, s.duration
         FROM unnest($3::int[], $4::text[], $5::jsonb[], $6::int[]) AS s(position, kind, title, duration)
       RETURNING id, position`,
      [eventId, sessionId, segments.map((_, i) => i + 1), segments.map((s) => s.kind), segments.map((s) => (s.title ? JSON.stringify(s.title) : null)), segments.map((s) => s.durationMinutes)],
      em,
    );
    return rows.sort((a, b) => a.position - b.position).map((r) => r.id);
  }

  /**
   * Makes the session's segments the given list, keeping the identity of those with an `id` (their
   * placed talks and people stay with them; the talks are re-timed by the database); the others are
   * removed (the database refuses to remove one that holds a talk). Answers the ids by position.
   */
  async syncSegments(eventId: string, sessionId: string, segments: { id: string | null; kind: SegmentKind; title?: LocalizedText | null; durationMinutes: number }[], em: EntityManager): Promise<string[]> {
    const kept = segments.flatMap((s, i) => (s.id ? [{ ...s, id: s.id, position: i + 1 }] : []));
    await this.affected(`DELETE FROM session_segments WHERE event_id = $1 AND session_id = $2 AND NOT (id = ANY ($3::uuid[]))`, [eventId, sessionId, kept.map((s) => s.id)], em);
    if (kept.length) {
      // One statement: the deferrable position key is checked at its end, so positions may swap.
      await this.affected(
        `UPDATE session_segments g SET position = x.position, kind = x.kind, title = x.title, duration_minutes = x.duration
           FROM unnest($3::uuid[], $4::int[], $5::text[], $6::jsonb[], $7::int[]) AS x(id, position, kind, title, duration)
          WHERE g.event_id = $1 AND g.session_id = $2 AND g.id = x.id`,
        [eventId, sessionId, kept.map((s) => s.id), kept.map((s) => s.position), kept.map((s) => s.kind), kept.map((s) => (s.title ? JSON.stringify(s.title) : null)), kept.map((s) => s.durationMinutes)],
        em,
      );
    }
    const added = segments.flatMap((s, i) => (s.id ? [] : [{ ...s, position: i + 1 }]));
    const ids = segments.map((s) => s.id);
    if (added.length) {
      const rows = await this.rows<{ id: string; position: number }>(
        `INSERT INTO session_segments (event_id, session_id, position, kind, title, duration_minutes)
         SELECT $1, $2, s.position, s.kind, s.title, s.duration
           FROM unnest($3::int[], $4::text[], $5::jsonb[], $6::int[]) AS s(position, kind, title, duration)
         RETURNING id, position`,
        [eventId, sessionId, added.map((s) => s.position), added.map((s) => s.kind), added.map((s) => (s.title ? JSON.stringify(s.title) : null)), added.map((s) => s.durationMinutes)],
        em,
      );
      for (const r of rows) ids[r.position - 1] = r.id;
    }
    return ids as string[];
  }

  /** Deletes the people of a session (before writing a new list). */
  async deletePeople(eventId: string, sessionId: string, em: EntityManager): Promise<void> {
    await this.affected(`DELETE FROM session_people WHERE event_id = $1 AND session_id = $2`, [eventId, sessionId], em);
  }

  /** Inserts the people of a session; their times copy the session's (the double-booking constraint reads them). */
  async insertPeople(eventId: string, sessionId: string, people: { speakerId: string; role: SessionRole; segmentId: string | null }[], startsAt: Date, endsAt: Date, em: EntityManager): Promise<void> {
    if (!people.length) return;
    await this.affected(
      `INSERT INTO session_people (event_id, session_id, speaker_id, role, segment_id, starts_at, ends_at)
       SELECT $1, $2, x.speaker_id, x.role, x.segment_id, $6, $7
         FROM unnest($3::uuid[], $4::text[], $5::uuid[]) AS x(speaker_id, role, segment_id)`,
      [eventId, sessionId, people.map((x) => x.speakerId), people.map((x) => x.role), people.map((x) => x.segmentId), startsAt, endsAt],
      em,
    );
  }

  /** The people's times follow the session's, so that the exclusion constraint sees the move. */
  async movePeople(eventId: string, sessionId: string, startsAt: Date, endsAt: Date, em: EntityManager): Promise<void> {
    await this.affected(`UPDATE session_people SET starts_at = $3, ends_at = $4 WHERE event_id = $1 AND session_id = $2`, [eventId, sessionId, startsAt, endsAt], em);
  }

  segmentsOf(eventId: string, sessionIds: string[], em?: EntityManager): Promise<SegmentRow[]> {
    return this.rows(
      `SELECT id, session_id, position, kind, title, duration_minutes FROM session_segments WHERE event_id = $1 AND session_id = ANY ($2::uuid[]) ORDER BY session_id, position`,
      [eventId, sessionIds],
      em,
    );
  }

  /** The people of the sessions, with the position of their segment (if any). */
  peopleOf(eventId: string, sessionIds: string[], em?: EntityManager): Promise<PersonRow[]> {
    return this.rows(
      `SELECT p.session_id, p.speaker_id, p.role, g.position
         FROM session_people p LEFT JOIN session_segments g ON g.event_id = p.event_id AND g.id = p.segment_id
        WHERE p.event_id = $1 AND p.session_id = ANY ($2::uuid[])`,
      [eventId, sessionIds],
      em,
    );
  }

  /**
   * Everyone in the edition's sessions: each person's roles and how many sessions they are in,
   * leaving out their places in `hiddenSegments` (slots whose presenter is under embargo).
   */
  peopleOfEdition(eventId: string, hiddenSegments: string[] = [], em?: EntityManager): Promise<EditionPerson[]> {
    return this.rows(
      `SELECT speaker_id AS "speakerId", array_agg(DISTINCT role ORDER BY role) AS roles, count(DISTINCT session_id)::int AS sessions
         FROM session_people WHERE event_id = $1 AND (segment_id IS NULL OR segment_id <> ALL ($2::uuid[])) GROUP BY speaker_id`,
      [eventId, hiddenSegments],
      em,
    );
  }

  /** Each session of the edition with each of its people and their roles there, in time order. */
  peopleBySession(eventId: string, em?: EntityManager): Promise<SessionPersonRoles[]> {
    return this.rows(
      `SELECT s.id AS "sessionId", s.title, s.starts_at AS "startsAt", p.speaker_id AS "speakerId", p.roles
         FROM (SELECT session_id, speaker_id, array_agg(DISTINCT role ORDER BY role) AS roles
                 FROM session_people WHERE event_id = $1 GROUP BY session_id, speaker_id) p
         JOIN sessions s ON s.event_id = $1 AND s.id = p.session_id
        ORDER BY s.starts_at, s.id`,
      [eventId],
      em,
    );
  }

  /** How many sessions the edition has per track, kind and format. */
  async counts(eventId: string): Promise<{ byTrack: { trackId: string | null; count: number }[]; byKind: KeyCount[]; byFormat: KeyCount[] }> {
    const [byTrack, byKind, byFormat] = await Promise.all([
      this.rows<{ trackId: string | null; count: number }>(`SELECT track_id AS "trackId", count(*)::int AS count FROM sessions WHERE event_id = $1 GROUP BY track_id`, [eventId]),
      this.rows<KeyCount>(`SELECT kind AS key, count(*)::int AS count FROM sessions WHERE event_id = $1 GROUP BY kind ORDER BY count(*) DESC, kind`, [eventId]),
      this.rows<KeyCount>(`SELECT format AS key, count(*)::int AS count FROM sessions WHERE event_id = $1 GROUP BY format ORDER BY count(*) DESC, format`, [eventId]),
    ]);
    return { byTrack, byKind, byFormat };
  }
}
