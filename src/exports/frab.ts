import { DateTime } from 'luxon';
import { v5 as uuidv5 } from 'uuid';
import { createRequire } from 'node:module';
import { pick, type Lang, type LocalizedText } from '../common/i18n/localized-text.js';
import { daysBetween, localDay } from '../common/time/local-time.js';
import { earliest, embargo, embargoedSlotLabel, type EmbargoDecision } from '../embargo/embargo.js';
import type { EditionRow, PersonRow, ProgrammeRows, SessionRow, TalkRow } from '../programme/programme.service.js';

/**
 * The frab schedule (https://c3voc.de/wiki/schedule), the format attendee apps (Giggity,
 * EventFahrplan), recording and streaming tools and pretalx speak. One model (`FrabSchedule`, the
 * JSON form) is built from the programme's rows; the XML form is serialised from it with xmlbuilder2.
 * Both are checked against the official schemas in the tests (test/fixtures/frab/). Stream links
 * are never part of it (the programme's rows do not carry them).
 */

/** Namespace of the UUIDv5 guids this service derives from row ids (fixed forever: guids must not change). */
export const FRAB_NAMESPACE = '4d1b2a6e-7f0c-5b39-9a51-2c8e0d6f3b17';

/** The stable frab guid of a row: UUIDv5 of `<kind>:<id>`, the same in every export and release. */
export const frabGuid = (kind: 'session' | 'talk' | 'room', id: string) => uuidv5(`${kind}:${id}`, FRAB_NAMESPACE);

export const TIMESLOT_DURATION = '00:05';
export const GENERATOR = { name: 'congress-backend', version: '0.1.0' };

export interface FrabPerson {
  name: string;
  guid: string;
}

export interface FrabEvent {
  guid: string;
  id: number;
  date: string;
  start: string;
  end: string;
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  subtitle: string | null;
  track: string | null;
  type: string;
  language: string;
  abstract: string | null;
  description: string | null;
  persons: FrabPerson[];
  links: never[];
}

export interface FrabRoom {
  name: string;
  guid: string;
  type: 'lecturehall' | 'online';
}

export interface FrabTrack {
  name: string;
  slug?: string;
  color?: string;
}

export interface FrabDay {
  index: number;
  date: string;
  day_start: string;
  day_end: string;
  rooms: Record<string, FrabEvent[]>;
}

export interface FrabSchedule {
  $schema: string;
  generator: { name: string; version: string };
  schedule: {
    version: string;
    base_url: string;
    conference: {
      acronym: string;
      title: string;
      start: string;
      end: string;
      daysCount: number;
      timeslot_duration: string;
      time_zone_name: string;
      url: string;
      tracks: FrabTrack[];
      rooms: FrabRoom[];
      days: FrabDay[];
    };
  };
}

/** frab acronyms are lower-case letters, digits and underscores, at least four ("CSCO 2025" → "csco_2025"). */
export function frabAcronym(acronym: string | null, slug: string): string {
  const base = (acronym || slug).toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return base.length >= 4 ? base : `${base}____`.slice(0, 4);
}

/** A slug for tracks (lower-case letters, digits, hyphens, starting with a letter), or undefined. */
function trackSlug(code: string | null): string | undefined {
  const slug = (code ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z][a-z0-9-]*[a-z0-9]$/.test(slug) ? slug : undefined;
}

/** Minutes as frab's "HH:MM". */
export function frabDuration(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The language a text is shown in: the one asked for when present, else the other. */
function languageOf(text: LocalizedText, lang: Lang): Lang {
  return text[lang] ? lang : lang === 'zh' ? 'en' : 'zh';
}

const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;

export interface FrabOptions {
  lang: Lang;
  /** Public base URL of the service (http or https), for the links the format requires. */
  baseUrl: string;
  /** The instant embargoes are judged at. */
  now: Date;
}

/**
 * What of a talk may be public at `now`, and when that next changes: the edition's one embargo rule
 * (`embargo()`), shared with the programme and the iCal export.
 */
export function talkEmbargo(edition: EditionRow, talk: TalkRow, now: Date): EmbargoDecision {
  return embargo(edition, { type: talk.type, startsAt: talk.starts_at }, now);
}

/** The next instant at which an embargo of the edition's talks lifts (null: none pending). */
export function nextRelease(edition: EditionRow, rows: ProgrammeRows, now: Date): Date | null {
  return earliest(rows.talks.map((k) => talkEmbargo(edition, k, now).next));
}

/** Builds the schedule model from the programme's rows (pure). */
export function buildFrabSchedule(edition: EditionRow, rows: ProgrammeRows, o: FrabOptions): FrabSchedule {
  const tz = edition.time_zone;
  const lang = o.lang;
  const acronym = frabAcronym(edition.acronym, edition.slug);
  const programmeUrl = `${o.baseUrl}/api/v1/events/${edition.id}/programme`;

  // Rooms: each physical room and online channel that holds a session, under a name unique in the schedule.
  // A hybrid session sits in its physical room (its channel streams it); an online one in its channel.
  const placeOf = (s: SessionRow) =>
    s.room_id ? { id: s.room_id, name: s.room_name!, order: s.room_order ?? 0, type: 'lecturehall' as const } : { id: s.channel_id!, name: s.channel_name!, order: s.channel_order ?? 0, type: 'online' as const };
  const places = new Map<string, ReturnType<typeof placeOf>>();
  for (const s of rows.sessions) {
    const p = placeOf(s);
    if (!places.has(p.id)) places.set(p.id, p);
  }
  const ordered = [...places.values()].sort((a, b) => (a.type === b.type ? a.order - b.order || a.id.localeCompare(b.id) : a.type === 'lecturehall' ? -1 : 1));
  const roomName = new Map<string, string>();
  const taken = new Set<string>();
  for (const p of ordered) {
    const base = pick(p.name, lang) || (p.type === 'online' ? 'Online' : 'Room');
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
    taken.add(name);
    roomName.set(p.id, name);
  }
  const rooms: FrabRoom[] = ordered.map((p) => ({ name: roomName.get(p.id)!, guid: frabGuid('room', p.id), type: p.type }));

  const tracks = new Map<string, FrabTrack>();
  for (const s of rows.sessions) {
    if (!s.track_id || tracks.has(s.track_id)) continue;
    const slug = trackSlug(s.track_code);
    tracks.set(s.track_id, { name: pick(s.track_name, lang), ...(slug ? { slug } : {}), ...(s.track_colour ? { color: s.track_colour } : {}) });
  }

  const peopleOf = new Map<string, PersonRow[]>();
  for (const p of rows.people) peopleOf.set(p.session_id, [...(peopleOf.get(p.session_id) ?? []), p]);

  const event = (s: SessionRow): FrabEvent => {
    const start = DateTime.fromJSDate(s.starts_at, { zone: tz });
    const end = DateTime.fromJSDate(s.ends_at, { zone: tz });
    const persons = new Map<string, FrabPerson>();
    for (const p of peopleOf.get(s.id) ?? []) if (!persons.has(p.speaker_id)) persons.set(p.speaker_id, { name: pick(p.name, lang), guid: p.speaker_id });
    const abstract = s.description ? pick(s.description, lang) || null : null;
    return {
      guid: frabGuid('session', s.id),
      id: s.frab_id,
      date: iso(start),
      start: start.toFormat('HH:mm'),
      end: iso(end),
      duration: frabDuration(Math.round(end.diff(start, 'minutes').minutes)),
      room: roomName.get(placeOf(s).id)!,
      slug: `${acronym}-${s.frab_id}`,
      url: `${programmeUrl}?day=${start.toISODate()}#session-${s.id}`,
      title: pick(s.title, lang),
      subtitle: null,
      track: s.track_id ? pick(s.track_name, lang) : null,
      type: s.kind,
      language: languageOf(s.title, lang),
      abstract,
      description: null,
      persons: [...persons.values()],
      links: [],
    };
  };

  const sessionById = new Map(rows.sessions.map((s) => [s.id, s]));
  const talkPeopleOf = new Map<string, FrabPerson[]>();
  for (const p of rows.talkPeople) talkPeopleOf.set(p.submission_id, [...(talkPeopleOf.get(p.submission_id) ?? []), { name: pick(p.name, lang), guid: p.person_id }]);
  const talkEvent = (k: TalkRow): FrabEvent | null => {
    const s = sessionById.get(k.session_id);
    const shown = talkEmbargo(edition, k, o.now);
    if (!s) return null;
    const start = DateTime.fromJSDate(k.starts_at, { zone: tz });
    const end = DateTime.fromJSDate(k.ends_at, { zone: tz });
    return {
      guid: frabGuid('talk', k.id),
      id: k.frab_id,
      date: iso(start),
      start: start.toFormat('HH:mm'),
      end: iso(end),
      duration: frabDuration(Math.round(end.diff(start, 'minutes').minutes)),
      room: roomName.get(placeOf(s).id)!,
      slug: `${acronym}-${k.frab_id}`,
      url: `${programmeUrl}?day=${start.toISODate()}#talk-${k.id}`,
      // While the title is not public, the slot shows as what it is, without title or persons.
      title: shown.title ? pick(k.title, lang) : pick(embargoedSlotLabel(k.type), lang),
      subtitle: pick(s.title, lang),
      track: s.track_id ? pick(s.track_name, lang) : null,
      type: k.type,
      language: shown.title ? k.language : languageOf(s.title, lang),
      abstract: shown.abstract && k.abstract ? pick(k.abstract, lang) || null : null,
      description: null,
      persons: shown.title ? (talkPeopleOf.get(k.submission_id) ?? []) : [],
      links: [],
    };
  };

  const days: FrabDay[] = daysBetween(edition.starts_on, edition.ends_on).map((date, i) => {
    const dayStart = DateTime.fromISO(date, { zone: tz }).startOf('day');
    return { index: i + 1, date, day_start: iso(dayStart), day_end: iso(dayStart.plus({ days: 1 })), rooms: {} };
  });
  const dayOf = new Map(days.map((d) => [d.date, d]));
  for (const d of days) for (const r of rooms) d.rooms[r.name] = [];
  for (const s of rows.sessions) {
    const day = dayOf.get(localDay(s.starts_at, tz));
    if (!day) continue; // sessions lie within the edition's days (checked when scheduled)
    const e = event(s);
    day.rooms[e.room].push(e);
  }
  for (const k of rows.talks) {
    const day = dayOf.get(localDay(k.starts_at, tz));
    const e = day && talkEvent(k);
    if (e) day.rooms[e.room].push(e);
  }
  for (const d of days) for (const list of Object.values(d.rooms)) list.sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);

  const lastChange = rows.sessions.reduce<Date | null>((m, s) => (!m || s.updated_at > m ? s.updated_at : m), null);
  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: GENERATOR,
    schedule: {
      version: lastChange ? DateTime.fromJSDate(lastChange, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'") : 'empty',
      base_url: `${o.baseUrl}/`,
      conference: {
        acronym,
        title: pick(edition.title, lang),
        start: edition.starts_on,
        end: edition.ends_on,
        daysCount: days.length,
        timeslot_duration: TIMESLOT_DURATION,
        time_zone_name: tz,
        url: programmeUrl,
        tracks: [...tracks.values()].sort((a, b) => a.name.localeCompare(b.name)),
        rooms,
        days,
      },
    },
  };
}

/** xmlbuilder2 (about 150 modules) loads on the first XML export, not at start-up. */
const load = createRequire(import.meta.url);

/** The same schedule as frab XML (application/vnd.c3voc.schedule+xml), built with xmlbuilder2. */
export function frabToXml(model: FrabSchedule): string {
  const { create } = load('xmlbuilder2') as typeof import('xmlbuilder2');
  const c = model.schedule.conference;
  // Text stored before control characters were refused may still hold some that XML 1.0 cannot carry: dropped.
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  const schedule = doc.ele('schedule');
  schedule.ele('generator', { name: model.generator.name, version: model.generator.version });
  schedule.ele('version').txt(model.schedule.version);
  const conference = schedule.ele('conference');
  conference.ele('acronym').txt(c.acronym);
  conference.ele('title').txt(c.title);
  conference.ele('start').txt(c.start);
  conference.ele('end').txt(c.end);
  conference.ele('days').txt(String(c.daysCount));
  conference.ele('timeslot_duration').txt(c.timeslot_duration);
  conference.ele('base_url').txt(model.schedule.base_url);
  conference.ele('url').txt(c.url);
  conference.ele('time_zone_name').txt(c.time_zone_name);
  for (const t of c.tracks) conference.ele('track', { name: t.name, ...(t.color ? { color: t.color } : {}), ...(t.slug ? { slug: t.slug } : {}) }).txt(t.name);
  const guidOf = new Map(c.rooms.map((r) => [r.name, r.guid]));
  for (const d of c.days) {
    const day = schedule.ele('day', { index: String(d.index), date: d.date, start: d.day_start, end: d.day_end });
    for (const [name, events] of Object.entries(d.rooms)) {
      const room = day.ele('room', { name, guid: guidOf.get(name)! });
      for (const e of events) {
        const ev = room.ele('event', { guid: e.guid, id: String(e.id) });
        ev.ele('date').txt(e.date);
        ev.ele('start').txt(e.start);
        ev.ele('duration').txt(e.duration);
        ev.ele('room').txt(e.room);
        ev.ele('title').txt(e.title);
        if (e.subtitle) ev.ele('subtitle').txt(e.subtitle);
        ev.ele('type').txt(e.type);
        ev.ele('track').txt(e.track ?? '');
        ev.ele('language').txt(e.language);
        ev.ele('abstract').txt(e.abstract ?? '');
        const persons = ev.ele('persons');
        for (const p of e.persons) persons.ele('person', { guid: p.guid }).txt(p.name);
        ev.ele('url').txt(e.url);
      }
    }
  }
  return doc.end({ prettyPrint: true });
}
