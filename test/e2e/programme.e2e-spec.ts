import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PublicCache } from '../../src/cache/public-cache.service.js';
import { generateSyntheticEdition } from '../../src/seed/synthetic.js';
import type { TestApp } from '../setup/test-app.js';
import { setupEdition } from '../factories/edition.js';
import { grant, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { fillTalkSegments } from '../factories/medical.js';
import { countQueries, makeSession, makeSpeaker, makeTrack, sessionBody } from '../factories/programme.js';

describe('the public programme', () => {
  let t: TestApp;
  let admin: TestUser;
  let eventId: string;
  let secret: string;
  let track: { id: string; code: string };
  beforeAll(async () => {
    let room: { id: string };
    let channel: { id: string };
    ({ t, admin, eventId, room, channel } = await setupEdition({
      room: { name: { en: 'Hall A', zh: 'A厅' }, venue: 'Shandong International Convention and Exhibition Center', city: 'Jinan' },
    }));
    track = (await makeTrack(t, admin, eventId, { code: 'LEU', name: { en: 'Leukemia', zh: '白血病' } })) as { id: string; code: string };
    secret = (await t.db.query(`SELECT stream_url FROM rooms WHERE id = $1`, [channel.id]))[0].stream_url;
    const chair = await makeSpeaker(t, admin, eventId, { name: { en: 'Jun Ma', zh: '马军' } });
    const speaker = await makeSpeaker(t, admin, eventId, { name: { en: 'Sarah Miller' }, country: 'US', affiliations: [{ en: 'MD Anderson Cancer Center' }] });
    await makeSession(t, admin, eventId, sessionBody('2025-09-11', '08:00', '09:00', {
      format: 'hybrid',
      roomId: room.id,
      channelId: channel.id,
      trackId: track.id,
      title: { en: 'Advanced therapies', zh: '先进疗法' },
      segments: [{ kind: 'lecture', title: { en: 'CAR-T today' }, durationMinutes: 45 }, { kind: 'discussion', durationMinutes: 15 }],
      people: [{ speakerId: chair.id, role: 'chair' }, { speakerId: speaker.id, role: 'speaker', segment: 1 }],
    }));
    // 01:00 local on 12 September is 17:00 UTC on 11 September.
    await makeSession(t, admin, eventId, sessionBody('2025-09-12', '01:00', '02:00', { format: 'online', channelId: channel.id, kind: 'satellite_symposium', title: { en: 'Night symposium', zh: '夜间卫星会' } }));
  });
  afterAll(() => t.close());

  const get = (path = '', headers: Record<string, string> = {}) => t.http().get(`/api/v1/events/${eventId}/programme${path}`).set(headers);

  it('lists days → sessions → segments → people, without stream links, in local days', async () => {
    const res = await get().expect(200);
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual(['2025-09-10', '2025-09-11', '2025-09-12', '2025-09-13', '2025-09-14']);
    const day11 = res.body.days[1];
    expect(day11.sessions).toHaveLength(1);
    const s = day11.sessions[0];
    expect(s).toMatchObject({
      displayTitle: 'Advanced therapies',
      format: 'hybrid',
      kind: 'lecture',
      startsAt: '2025-09-11T08:00:00.000+08:00',
      track: { code: 'LEU', displayName: 'Leukemia' },
      room: { displayName: 'Hall A', venue: 'Shandong International Convention and Exhibition Center', city: 'Jinan' },
      channel: { platform: 'CSCO Live' },
    });
    expect(s.people).toEqual([expect.objectContaining({ role: 'chair', displayName: 'Jun Ma', country: 'CN' })]);
    expect(s.segments[0]).toMatchObject({ kind: 'lecture', startsAt: '2025-09-11T08:00:00.000+08:00', endsAt: '2025-09-11T08:45:00.000+08:00' });
    expect(s.segments[0].people).toEqual([expect.objectContaining({ role: 'speaker', displayName: 'Sarah Miller', country: 'US', affiliation: { en: 'MD Anderson Cancer Center' } })]);
    expect(res.body.days[2].sessions.map((x: { displayTitle: string }) => x.displayTitle)).toEqual(['Night symposium']);
    expect(res.text).not.toContain(secret);
    expect(res.text).not.toMatch(/stream/i);
    expect(res.headers['cache-control']).toBe('public, max-age=10, s-maxage=30, stale-while-revalidate=30');
  });

  it('filters by day, track, format and kind; lang and Accept-Language pick the language', async () => {
    const day = await get('?day=2025-09-12').expect(200);
    expect(day.body.days).toHaveLength(1);
    expect(day.body.days[0].sessions).toHaveLength(1);
    await get('?day=2025-09-20').expect(400);
    const byTrack = await get('?track=LEU').expect(200);
    expect(byTrack.body.days.flatMap((d: { sessions: unknown[] }) => d.sessions)).toHaveLength(1);
    const byTrackId = await get(`?track=${track.id}`).expect(200);
    expect(byTrackId.body.days.flatMap((d: { sessions: unknown[] }) => d.sessions)).toHaveLength(1);
    const online = await get('?format=online').expect(200);
    expect(online.body.days.flatMap((d: { sessions: { displayTitle: string }[] }) => d.sessions).map((x: { displayTitle: string }) => x.displayTitle)).toEqual(['Night symposium']);
    const kind = await get('?kind=lecture').expect(200);
    expect(kind.body.days.flatMap((d: { sessions: unknown[] }) => d.sessions)).toHaveLength(1);
    await get('?format=carrier-pigeon').expect(400);
    const zh = await get('?lang=zh').expect(200);
    expect(zh.body.lang).toBe('zh');
    expect(zh.body.days[1].sessions[0].displayTitle).toBe('先进疗法');
    const header = await get('', { 'Accept-Language': 'zh-CN,zh;q=0.9' }).expect(200);
    expect(header.body.days[1].sessions[0].people[0].displayName).toBe('马军');
    expect(header.headers.vary).toMatch(/Accept-Language/);
  });

  it('sends a strong ETag and answers a matching If-None-Match with 304; a change makes a new one', async () => {
    const first = await get().expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('', { 'If-None-Match': etag }).expect(304);
    expect(again.text ?? '').toBe('');
    await get('', { 'If-None-Match': '"something-else"' }).expect(200);
    await t.db.query(`UPDATE sessions SET title = '{"en":"Changed"}' WHERE event_id = $1 AND kind = 'lecture'`, [eventId]);
    await t.app.get(PublicCache).sync();
    const changed = await get('', { 'If-None-Match': etag }).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('sends the cached brotli or gzip form the client accepts (Vary: Accept-Encoding), each with its own ETag', async () => {
    const url = `/api/v1/events/${eventId}/programme?lang=en`;
    const inject = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    const plain = await inject();
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await inject({ 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary).split(', ')).toEqual(expect.arrayContaining(['Accept-Language', 'Accept-Encoding']));
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.payload);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(br.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-br"`);
    const gz = await inject({ 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.payload);
    expect(gz.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-gzip"`);
    // A copy in any coding (or one a CDN weakened) is current: 304, whatever the client accepts now.
    for (const etag of [br.headers.etag, gz.headers.etag, plain.headers.etag, `W/${plain.headers.etag}`]) {
      const again = await inject({ 'accept-encoding': 'br', 'if-none-match': String(etag) });
      expect(again.statusCode).toBe(304);
      expect(again.headers.etag).toBe(br.headers.etag);
    }
  });

  it('compresses what is not cached with @fastify/compress above 1 KiB, and leaves small answers alone', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/docs-json', headers: { 'accept-encoding': 'br' } });
    expect(doc.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(doc.rawPayload).toString()).openapi).toMatch(/^3\./);
    const small = await t.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}/tracks`, headers: { 'accept-encoding': 'br' } });
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('hides drafts from the public and strangers; members see them, uncached', async () => {
    const draft = await makeEdition(t, admin, {}, false);
    await t.http().get(`/api/v1/events/${draft.id}/programme`).expect(404);
    const stranger = await makeUser(t);
    await t.http().get(`/api/v1/events/${draft.id}/programme`).set(stranger.auth).expect(404);
    await t.http().get(`/api/v1/events/${draft.id}/speakers`).expect(404);
    await t.http().get(`/api/v1/events/${draft.id}/tracks`).expect(404);
    const organiser = await makeUser(t);
    await grant(t, admin, draft.id, organiser, 'organiser');
    const seen = await t.http().get(`/api/v1/events/${draft.id}/programme`).set(organiser.auth).expect(200);
    expect(seen.headers['cache-control']).toBe('private, no-store');
  });

  it('lists the edition speakers publicly, never an email, and tracks publicly', async () => {
    const res = await t.http().get(`/api/v1/events/${eventId}/speakers`).expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((s: { name: { en: string } }) => s.name.en)).toEqual(['Jun Ma', 'Sarah Miller']);
    expect(res.body.items[0]).toMatchObject({ roles: ['chair'], sessions: 1 });
    expect(res.text).not.toMatch(/email|userId/);
    const tracks = await t.http().get(`/api/v1/events/${eventId}/tracks`).expect(200);
    expect(tracks.body.items.map((x: { code: string }) => x.code)).toEqual(['LEU']);
  });

  it('keeps stream links to organisers on the rooms route', async () => {
    const stranger = await makeUser(t);
    await t.http().get(`/api/v1/events/${eventId}/rooms`).expect(401);
    await t.http().get(`/api/v1/events/${eventId}/rooms`).set(stranger.auth).expect(403);
    const rooms = await t.http().get(`/api/v1/events/${eventId}/rooms`).set(admin.auth).expect(200);
    expect(rooms.text).toContain(secret);
    const sessions = await t.http().get(`/api/v1/events/${eventId}/sessions`).set(admin.auth).expect(200);
    expect(sessions.text).not.toContain(secret);
  });

  it('needs the same number of SQL queries for a small and a large edition', async () => {
    const small = await makeEdition(t, admin);
    await generateSyntheticEdition(t.db, { eventId: small.id, sessions: 2, speakers: 10 });
    const large = await makeEdition(t, admin);
    const big = await generateSyntheticEdition(t.db, { eventId: large.id, sessions: 120, speakers: 400 });
    expect(big.people).toBeGreaterThan(500);
    // Talks (submissions placed in the talk segments) cost one query too, however many.
    expect(await fillTalkSegments(t, small.id)).toBe(8);
    expect(await fillTalkSegments(t, large.id)).toBe(480);

    const measure = async (id: string) => {
      const counter = countQueries(t.db);
      try {
        const res = await t.http().get(`/api/v1/events/${id}/programme`).expect(200);
        const sessions = res.body.days.flatMap((d: { sessions: { segments: { talk: unknown }[] }[] }) => d.sessions);
        return { queries: counter.count, sessions: sessions.length, talks: sessions.flatMap((x: { segments: { talk: unknown }[] }) => x.segments).filter((g: { talk: unknown }) => g.talk).length };
      } finally {
        counter.restore();
      }
    };
    await t.app.get(PublicCache).sync();
    const a = await measure(small.id);
    const b = await measure(large.id);
    expect(a.sessions).toBe(2);
    expect(b.sessions).toBe(120);
    expect([a.talks, b.talks]).toEqual([8, 480]);
    expect(b.queries).toBe(a.queries);
    // the caller's standing (access), the edition, sessions, segments, people (with their disclosures), talks
    expect(a.queries).toBe(6);
    // A cached programme costs no query: only published programmes are cached, and a change to the
    // edition (unpublishing included) moves its generation.
    expect((await measure(large.id)).queries).toBe(0);
  });
});
