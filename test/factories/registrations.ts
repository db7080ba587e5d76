import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../setup/test-app.js';
import { makeEdition, type TestUser } from './index.js';

/** Edition fields for a registration window open from 2020 to 2099, without capacity limits. */
export const openRegistration = () => ({
  registrationOpensAt: '2020-01-01T00:00:00Z',
  registrationClosesAt: '2099-01-01T00:00:00Z',
  capacityInPerson: null,
  capacityOnline: null,
});

/** A published hybrid edition whose registration is open, with the given capacities. */
export async function makeOpenEdition(t: TestApp, admin: TestUser, overrides: Record<string, unknown> = {}) {
  return makeEdition(t, admin, { ...openRegistration(), ...overrides });
}

/** A room or channel, inserted directly (the rooms API belongs to another module). */
export async function makeRoom(
  t: TestApp,
  eventId: string,
  o: { kind?: 'room' | 'channel'; name?: Record<string, string>; venue?: string; city?: string; streamUrl?: string; platform?: string } = {},
): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO rooms (event_id, kind, name, venue, city, stream_url, platform) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      eventId,
      o.kind ?? 'room',
      JSON.stringify(o.name ?? { en: 'Hall A', zh: 'A厅' }),
      o.venue ?? null,
      o.city ?? null,
      o.streamUrl ?? null,
      o.platform ?? null,
    ],
  );
  return row.id;
}

/** A session, inserted directly (the sessions API belongs to another module). */
export async function makeSession(
  t: TestApp,
  eventId: string,
  o: {
    format: 'in_person' | 'online' | 'hybrid';
    roomId?: string;
    channelId?: string;
    startsAt?: string;
    endsAt?: string;
    title?: Record<string, string>;
    seatLimit?: number | null;
    sequence?: number;
  },
): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO sessions (event_id, kind, format, title, starts_at, ends_at, room_id, channel_id, sequence)
     VALUES ($1, 'lecture', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      eventId,
      o.format,
      JSON.stringify(o.title ?? { en: 'Advances in CAR-T therapy', zh: 'CAR-T治疗进展' }),
      o.startsAt ?? '2025-09-10T01:00:00Z',
      o.endsAt ?? '2025-09-10T02:00:00Z',
      o.roomId ?? null,
      o.channelId ?? null,
      o.sequence ?? 0,
    ],
  );
  if (o.seatLimit != null) {
    await t.db.query(`INSERT INTO session_seat_counters (event_id, session_id, seat_limit) VALUES ($1, $2, $3)`, [eventId, row.id, o.seatLimit]);
  }
  return row.id;
}

/**
 * `n` signed-in attendees, inserted in one statement with tokens signed by the app's own JwtService
 * (no password hashing: the race tests need many users, and argon2 would dominate their run time).
 */
export async function makeUsers(t: TestApp, n: number, prefix = 'attendee', name = 'Attendee 参会者'): Promise<TestUser[]> {
  const emails = Array.from({ length: n }, () => `${prefix}-${randomUUID()}@test.example`);
  const rows: { id: string; email: string }[] = await t.db.query(
    `INSERT INTO users (email, password_hash, name) SELECT e, 'not-a-password-hash', $2 FROM unnest($1::text[]) AS e RETURNING id, email`,
    [emails, name],
  );
  const jwt = t.app.get(JwtService);
  const byEmail = new Map(rows.map((r) => [r.email, r.id]));
  return Promise.all(
    emails.map(async (email) => {
      const id = byEmail.get(email)!;
      const token = await jwt.signAsync({ sub: id }, { expiresIn: 3600 });
      return { id, email, token, auth: { Authorization: `Bearer ${token}` } };
    }),
  );
}

export function register(t: TestApp, user: TestUser, eventId: string, mode: 'in_person' | 'online', key?: string) {
  const req = t.http().post(`/api/v1/events/${eventId}/registrations`).set(user.auth);
  if (key !== undefined) req.set('Idempotency-Key', key);
  return req.send({ mode });
}

/** Registers and expects 201; returns the body. */
export async function registered(t: TestApp, user: TestUser, eventId: string, mode: 'in_person' | 'online') {
  const res = await register(t, user, eventId, mode);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; waitlistPosition?: number };
}

/** Waiting-list positions of an edition's mode, in order. */
export async function positions(t: TestApp, eventId: string, mode: string): Promise<number[]> {
  const rows = await t.db.query(
    `SELECT waitlist_position AS p FROM registrations WHERE event_id = $1 AND mode = $2 AND status = 'waitlisted' ORDER BY 1`,
    [eventId, mode],
  );
  return rows.map((r: { p: number }) => r.p);
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** One signed-in user, as makeUsers makes them. */
export async function makeAttendee(t: TestApp, prefix = 'attendee', name?: string): Promise<TestUser> {
  return (await makeUsers(t, 1, prefix, name))[0];
}
