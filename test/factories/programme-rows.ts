import type { TestApp } from '../setup/test-app.js';

/** Rows inserted straight into the database, for tests of modules that only read the programme. */
export async function insertSpeaker(t: TestApp, name: { en?: string; zh?: string }, userId: string | null = null): Promise<string> {
  const [row] = await t.db.query(`INSERT INTO speakers (user_id, name, country) VALUES ($1, $2, 'CN') RETURNING id`, [userId, JSON.stringify(name)]);
  return row.id;
}

export async function insertRoom(t: TestApp, eventId: string, kind: 'room' | 'channel' = 'room'): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO rooms (event_id, kind, name, venue, city, capacity, platform, stream_url)
     VALUES ($1, $2, $3, $4, 'Jinan', $5, $6, $7) RETURNING id`,
    [eventId, kind, JSON.stringify({ en: `${kind} ${Math.random().toString(36).slice(2, 6)}` }), kind === 'room' ? 'Hall' : null, kind === 'room' ? 200 : null,
      kind === 'channel' ? 'Live' : null, kind === 'channel' ? `https://stream.example/${Math.random().toString(36).slice(2)}` : null],
  );
  return row.id;
}

export async function insertSession(
  t: TestApp,
  eventId: string,
  o: { startsAt: string; endsAt: string; kind?: string; format?: 'in_person' | 'online' | 'hybrid'; roomId?: string; channelId?: string; title?: string },
): Promise<string> {
  const format = o.format ?? 'in_person';
  const roomId = format === 'online' ? null : (o.roomId ?? (await insertRoom(t, eventId, 'room')));
  const channelId = format === 'in_person' ? null : (o.channelId ?? (await insertRoom(t, eventId, 'channel')));
  const [row] = await t.db.query(
    `INSERT INTO sessions (event_id, kind, format, title, starts_at, ends_at, room_id, channel_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [eventId, o.kind ?? 'lecture', format, JSON.stringify({ en: o.title ?? 'Session' }), o.startsAt, o.endsAt, roomId, channelId],
  );
  return row.id;
}

export async function insertPerson(t: TestApp, eventId: string, sessionId: string, speakerId: string, role = 'speaker') {
  await t.db.query(
    `INSERT INTO session_people (event_id, session_id, speaker_id, role, starts_at, ends_at)
     SELECT event_id, id, $3, $4, starts_at, ends_at FROM sessions WHERE event_id = $1 AND id = $2`,
    [eventId, sessionId, speakerId, role],
  );
}
