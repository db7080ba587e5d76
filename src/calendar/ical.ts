import ical from 'ical-generator';
import { pick, type Lang, type LocalizedText } from '../common/i18n/localized-text.js';
import { withoutControlCharacters } from '../common/validation/input-text.js';

/** A session as a calendar shows it. */
export interface CalendarSession {
  id: string;
  title: LocalizedText;
  description?: LocalizedText | null;
  startsAt: Date;
  endsAt: Date;
  /** sessions.sequence: bumped on every change, so calendar apps replace their copy. */
  sequence: number;
  roomName?: LocalizedText | null;
  venue?: string | null;
  city?: string | null;
  /** When the session last changed (DTSTAMP). */
  updatedAt?: Date | null;
  /** Its talks, already cut by the embargo: a title (null abstract while embargoed) and presenters. */
  talks?: CalendarTalk[];
}

export interface CalendarTalk {
  title: LocalizedText;
  abstract: LocalizedText | null;
  speakers: LocalizedText[];
}

export interface CalendarOptions {
  name: string;
  lang?: Lang;
  /** How often calendar apps should poll (seconds). */
  ttlSeconds?: number;
}

/** The stable UID of a session across every calendar we publish (personal agendas, schedule.ics). */
export const sessionUid = (sessionId: string) => `${sessionId}@congress`;

/**
 * An iCalendar (RFC 5545) document of `sessions`. Times are UTC instants (DTSTART:…Z), which every
 * calendar app shows in its own zone; UIDs are stable and SEQUENCE follows the session's, so a moved
 * session replaces the old entry. Location: room name, venue, city. Shared by the personal agenda
 * feeds and the edition's schedule.ics.
 */
export function buildCalendar(sessions: CalendarSession[], options: CalendarOptions): string {
  const lang = options.lang ?? 'en';
  const cal = ical({
    name: options.name,
    prodId: { company: 'congress', product: 'congress-backend', language: lang.toUpperCase() },
    ttl: options.ttlSeconds ?? 3600,
  });
  for (const s of sessions) {
    const location = [pick(s.roomName, lang), s.venue, s.city].filter((p) => p && p.length).join(', ');
    cal.createEvent({
      id: sessionUid(s.id),
      start: s.startsAt,
      end: s.endsAt,
      stamp: s.updatedAt ?? s.startsAt,
      summary: pick(s.title, lang),
      description: describe(s, lang),
      location: location || null,
      sequence: s.sequence,
    });
  }
  // ical-generator escapes line breaks in text; any other control character (stored before the input
  // rule refused them) is not allowed in iCalendar TEXT and is dropped from the whole document.
  return withoutControlCharacters(cal.toString());
}

/** The session's description followed by its talks (title, presenters, abstract when public). */
function describe(s: CalendarSession, lang: Lang): string | null {
  const parts = [s.description ? pick(s.description, lang) : ''];
  for (const k of s.talks ?? []) {
    const who = k.speakers.map((n) => pick(n, lang)).filter(Boolean).join(', ');
    parts.push([`${pick(k.title, lang)}${who ? ` (${who})` : ''}`, k.abstract ? pick(k.abstract, lang) : ''].filter(Boolean).join('\n'));
  }
  const text = parts.filter(Boolean).join('\n\n');
  return text || null;
}
