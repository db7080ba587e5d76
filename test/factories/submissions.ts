import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '../setup/test-app.js';
import type { TestUser } from './index.js';

/** Tracks, rooms, sessions and segments by SQL (their API lives on another branch). */
export async function makeTrack(t: TestApp, eventId: string, code: string, en = code): Promise<string> {
  const [row] = await t.db.query(`INSERT INTO tracks (event_id, code, name) VALUES ($1, $2, $3) RETURNING id`, [eventId, code, JSON.stringify({ en })]);
  return row.id;
}

export async function makeRoom(t: TestApp, eventId: string, name = 'Hall A'): Promise<string> {
  const [row] = await t.db.query(`INSERT INTO rooms (event_id, kind, name, capacity) VALUES ($1, 'room', $2, 300) RETURNING id`, [eventId, JSON.stringify({ en: name })]);
  return row.id;
}

export interface SessionSpec {
  kind?: string;
  trackId?: string | null;
  startsAt: string;
  endsAt: string;
  roomId: string;
  segments: { kind: string; minutes: number }[];
  title?: string;
}

/** A session with its segments (positions 1…n); returns the session and segment ids. */
export async function makeSession(t: TestApp, eventId: string, s: SessionSpec): Promise<{ id: string; segments: string[] }> {
  const [session] = await t.db.query(
    `INSERT INTO sessions (event_id, track_id, kind, format, title, starts_at, ends_at, room_id)
     VALUES ($1, $2, $3, 'in_person', $4, $5, $6, $7) RETURNING id`,
    [eventId, s.trackId ?? null, s.kind ?? 'oral_abstracts', JSON.stringify({ en: s.title ?? 'Session' }), s.startsAt, s.endsAt, s.roomId],
  );
  const segments: string[] = [];
  for (const [i, seg] of s.segments.entries()) {
    const [row] = await t.db.query(
      `INSERT INTO session_segments (event_id, session_id, position, kind, duration_minutes) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [eventId, session.id, i + 1, seg.kind, seg.minutes],
    );
    segments.push(row.id);
  }
  return { id: session.id, segments };
}

/** A call window open now (opened yesterday, closes in a year) or closed (both in the past). */
export const openCfp = () => ({ cfpOpensAt: new Date(Date.now() - 86_400_000).toISOString(), cfpClosesAt: new Date(Date.now() + 365 * 86_400_000).toISOString() });
export const closedCfp = () => ({ cfpOpensAt: '2024-01-01T00:00:00Z', cfpClosesAt: '2024-03-01T00:00:00Z' });

export const ABSTRACT =
  'Background: relapsed or refractory large B-cell lymphoma after two lines of therapy. Methods: a single-arm phase 2 study. Results: durable responses.';

export function submissionBody(overrides: Record<string, unknown> = {}) {
  return {
    type: 'oral_abstract',
    title: { en: 'CAR-T cell therapy in relapsed lymphoma', zh: 'CAR-T细胞治疗复发淋巴瘤' },
    abstract: { en: ABSTRACT },
    keywords: ['CAR-T', 'lymphoma'],
    language: 'en',
    ...overrides,
  };
}

/** Creates a submission through the API (submitted unless `submit: false`); returns its body. */
export async function submit(t: TestApp, eventId: string, speaker: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await t.http().post(`/api/v1/events/${eventId}/submissions`).set(speaker.auth).send(submissionBody({ submit: true, ...overrides }));
  if (res.status !== 201) throw new Error(`submission failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string };
}

export interface CaughtMail {
  to: string[];
  subject: string;
  html: string;
  text: string;
}

/** A local SMTP server (no TLS, no auth) that keeps every message it receives. */
export async function startSmtp(): Promise<{ url: string; mails: CaughtMail[]; close(): Promise<void> }> {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          const to = (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
          mails.push({ to, subject: m.subject ?? '', html: typeof m.html === 'string' ? m.html : '', text: m.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
