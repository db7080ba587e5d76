import { randomUUID } from 'node:crypto';
import type { TestApp } from '../setup/test-app.js';
import type { TestUser } from './index.js';
import { makeUsers } from './registrations.js';

/**
 * `n` confirmed online registrants of an edition, inserted in two statements (the registrations API
 * is tested elsewhere; a thousand viewers through it would dominate the run time).
 */
export async function makeOnlineRegistrants(t: TestApp, eventId: string, n: number): Promise<(TestUser & { registrationId: string })[]> {
  const users = await makeUsers(t, n, 'viewer');
  const rows: { id: string; user_id: string }[] = await t.db.query(
    `INSERT INTO registrations (event_id, user_id, mode, status, ticket_token)
     SELECT $1, u, 'online', 'confirmed', $3 || ord FROM unnest($2::uuid[]) WITH ORDINALITY AS x (u, ord) RETURNING id, user_id`,
    [eventId, users.map((u) => u.id), `tk-${randomUUID()}-`],
  );
  const byUser = new Map(rows.map((r) => [r.user_id, r.id]));
  return users.map((u) => ({ ...u, registrationId: byUser.get(u.id)! }));
}

/** Asks for a stream token for one device; expects 201. */
export async function streamToken(t: TestApp, user: TestUser, sessionId: string, deviceId = 'player-1'): Promise<string> {
  const res = await t.http().post(`/api/v1/sessions/${sessionId}/stream-token`).set(user.auth).send({ deviceId });
  if (res.status !== 201) throw new Error(`stream-token failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export function beat(t: TestApp, sessionId: string, token: string | undefined) {
  const req = t.http().post(`/api/v1/sessions/${sessionId}/presence`);
  if (token !== undefined) req.set('X-Stream-Token', token);
  return req.send({});
}
