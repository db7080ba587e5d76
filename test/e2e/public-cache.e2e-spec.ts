import { brotliDecompressSync } from 'node:zlib';
import { PublicCache } from '../../src/cache/public-cache.service.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { makeAdmin, makeEdition } from '../factories/index.js';
import { insertSession } from '../factories/programme-rows.js';

describe('public cache', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ PUBLIC_CACHE_TTL_SECONDS: '300' })));
  afterAll(() => t.close());

  it('serves a cached body until any change to the edition, from any connection, invalidates it', async () => {
    const admin = await makeAdmin(t);
    const edition = await makeEdition(t, admin);
    const other = await makeEdition(t, admin);
    const cache = t.app.get(PublicCache);
    let builds = 0;
    const build = async () => ({ body: JSON.stringify({ build: ++builds }), contentType: 'application/json' });

    const first = await cache.getOrBuild(edition.id, 'programme:en', build);
    const second = await cache.getOrBuild(edition.id, 'programme:en', build);
    expect(second).toEqual(first);
    expect(builds).toBe(1);
    // Compressed once, when filled: a hit hands out the stored bytes themselves.
    expect(second.bodies!.br).toBe(first.bodies!.br);
    expect(brotliDecompressSync(first.bodies!.br!).toString()).toBe(JSON.stringify({ build: 1 }));
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    await cache.getOrBuild(edition.id, 'programme:zh', build);
    expect(builds).toBe(2);

    // A change made outside the app's own code (plain SQL on its own connection) still invalidates.
    await t.db.query(`UPDATE events SET venue = 'Hall C' WHERE id = $1`, [edition.id]);
    await cache.sync();
    const third = await cache.getOrBuild(edition.id, 'programme:en', build);
    expect(JSON.parse(third.bodies!.identity.toString())).toEqual({ build: 3 });

    // Another edition's change leaves this one cached.
    await t.db.query(`UPDATE events SET venue = 'Hall D' WHERE id = $1`, [other.id]);
    await cache.sync();
    await cache.getOrBuild(edition.id, 'programme:en', build);
    expect(builds).toBe(3);

    // A write through the API is seen by the next read (read-your-writes).
    await t.http().patch(`/api/v1/events/${edition.id}`).set(admin.auth).send({ venue: 'Hall E' }).expect(200);
    await cache.getOrBuild(edition.id, 'programme:en', build);
    expect(builds).toBe(4);
  });

  it('is not invalidated by seat counters (owned by registrations, outside sessions), but is by a session moving', async () => {
    const admin = await makeAdmin(t);
    const edition = await makeEdition(t, admin);
    const session = await insertSession(t, edition.id, { startsAt: '2025-09-10T01:00:00Z', endsAt: '2025-09-10T02:00:00Z' });
    const cache = t.app.get(PublicCache);
    await cache.sync();
    let builds = 0;
    const build = async () => ({ body: String(++builds), contentType: 'text/plain' });
    await cache.getOrBuild(edition.id, 'seats', build);
    await t.db.query(`INSERT INTO session_seat_counters (event_id, session_id, reserved) VALUES ($1, $2, 1)`, [edition.id, session]);
    await cache.sync();
    await cache.getOrBuild(edition.id, 'seats', build);
    expect(builds).toBe(1);
    await t.db.query(`UPDATE sessions SET starts_at = starts_at + interval '5 minutes' WHERE id = $1`, [session]);
    await cache.sync();
    await cache.getOrBuild(edition.id, 'seats', build);
    expect(builds).toBe(2);
  });

  it('builds a miss once for any number of simultaneous requests (single flight)', async () => {
    const admin = await makeAdmin(t);
    const edition = await makeEdition(t, admin);
    const cache = t.app.get(PublicCache);
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((r) => setImmediate(r));
      return { body: 'x'.repeat(5000), contentType: 'text/plain' };
    };
    const answers = await Promise.all(Array.from({ length: 30 }, () => cache.getOrBuild(edition.id, 'flight', build)));
    expect(builds).toBe(1);
    expect(new Set(answers.map((a) => a.etag)).size).toBe(1);
  });

  it('sees a change committed while its listener was down: the versions are read again on reconnect', async () => {
    const admin = await makeAdmin(t);
    const edition = await makeEdition(t, admin);
    const cache = t.app.get(PublicCache);
    let builds = 0;
    const build = async () => ({ body: String(++builds), contentType: 'text/plain' });
    await cache.getOrBuild(edition.id, 'missed', build);
    const connects = cache.listenerStats.connects;
    // The listener goes, and the change commits before it is back (its backoff starts at 0.25 s).
    await t.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'congress-cache-listener'`,
    );
    await t.db.query(`UPDATE events SET venue = 'Hall Z' WHERE id = $1`, [edition.id]);
    for (let i = 0; i < 200 && cache.listenerStats.connects === connects; i++) await new Promise((r) => setTimeout(r, 50));
    expect(cache.listenerStats.connects).toBe(connects + 1);
    const after = await cache.getOrBuild(edition.id, 'missed', build);
    expect(after.bodies!.identity.toString()).toBe('2');
  });

  it('never keeps an entry past the next release time', async () => {
    const admin = await makeAdmin(t);
    const edition = await makeEdition(t, admin);
    const cache = t.app.get(PublicCache);
    let builds = 0;
    const now = new Date();
    const build = async () => ({ body: String(++builds), contentType: 'text/plain', expiresAt: new Date(now.getTime() - 1) });
    await cache.getOrBuild(edition.id, 'v', build, now);
    await cache.getOrBuild(edition.id, 'v', build, now);
    expect(builds).toBe(2);
  });
});
