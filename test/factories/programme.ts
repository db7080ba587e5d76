import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { TestApp } from '../setup/test-app.js';
import type { TestUser } from './index.js';

const ok = (res: { status: number; body: unknown }, expected: number, what: string) => {
  if (res.status !== expected) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string } & Record<string, unknown>;
};

export async function makeTrack(t: TestApp, who: TestUser, eventId: string, overrides: Record<string, unknown> = {}) {
  const code = `T${randomUUID().slice(0, 6)}`;
  return ok(await t.http().post(`/api/v1/events/${eventId}/tracks`).set(who.auth).send({ code, name: { en: `Track ${code}`, zh: `专题 ${code}` }, ...overrides }), 201, 'create track');
}

export async function makeRoom(t: TestApp, who: TestUser, eventId: string, overrides: Record<string, unknown> = {}) {
  return ok(
    await t.http().post(`/api/v1/events/${eventId}/rooms`).set(who.auth).send({ kind: 'room', name: { en: `Hall ${randomUUID().slice(0, 4)}` }, venue: 'Convention Center', city: 'Jinan', capacity: 500, ...overrides }),
    201,
    'create room',
  );
}

export async function makeChannel(t: TestApp, who: TestUser, eventId: string, overrides: Record<string, unknown> = {}) {
  return ok(
    await t
      .http()
      .post(`/api/v1/events/${eventId}/rooms`)
      .set(who.auth)
      .send({ kind: 'channel', name: { en: `Channel ${randomUUID().slice(0, 4)}` }, platform: 'CSCO Live', streamUrl: `https://live.example.org/secret-${randomUUID()}`, ...overrides }),
    201,
    'create channel',
  );
}

export async function makeSpeaker(t: TestApp, who: TestUser, eventId: string, overrides: Record<string, unknown> = {}) {
  return ok(
    await t
      .http()
      .post(`/api/v1/events/${eventId}/speakers`)
      .set(who.auth)
      .send({ name: { en: 'Jun Ma', zh: '马军' }, honorific: 'Prof.', titles: [{ en: 'Chief Physician' }], affiliations: [{ en: 'Harbin Institute of Hematology' }], country: 'CN', ...overrides }),
    201,
    'create speaker',
  );
}

/** A session body at local time `day`T`from`–`to` in Asia/Shanghai. */
export function sessionBody(day: string, from: string, to: string, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'lecture',
    format: 'in_person',
    title: { en: 'A lecture', zh: '讲座' },
    startsAt: `${day}T${from}:00+08:00`,
    endsAt: `${day}T${to}:00+08:00`,
    ...overrides,
  };
}

export async function makeSession(t: TestApp, who: TestUser, eventId: string, body: Record<string, unknown>) {
  return ok(await t.http().post(`/api/v1/events/${eventId}/sessions`).set(who.auth).send(body), 201, 'create session');
}

/**
 * Counts the SQL statements the app sends (every pg client's `query`), so that a test can assert
 * that a route's query count does not grow with the data.
 */
export function countQueries(db: DataSource) {
  const Client = (db.driver as unknown as { postgres: { Client: { prototype: { query: (...args: unknown[]) => unknown } } } }).postgres.Client;
  const original = Client.prototype.query;
  const counter = { count: 0, restore: () => (Client.prototype.query = original) };
  Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    counter.count++;
    return original.apply(this, args);
  };
  return counter;
}
