import ical from 'node-ical';
import { v5 as uuidv5 } from 'uuid';
import { PublicCache } from '../../src/cache/public-cache.service.js';
import { FRAB_NAMESPACE } from '../../src/exports/frab.js';
import { DemoSeeder } from '../../src/seed/demo.seeder.js';
import { generateSyntheticEdition } from '../../src/seed/synthetic.js';
import type { TestApp } from '../setup/test-app.js';
import { setupEdition } from '../factories/edition.js';
import { grant, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { makeSession, makeSpeaker, makeTrack, sessionBody } from '../factories/programme.js';
import { jsonSchemaErrors, xsdErrors } from '../support/frab-validators.js';

interface FrabEventJson {
  guid: string;
  id: number;
  date: string;
  start: string;
  duration: string;
  room: string;
  title: string;
  type: string;
  track: string | null;
  language: string;
  abstract: string | null;
  persons: { name: string; guid: string }[];
}
interface FrabJson {
  schedule: {
    conference: {
      acronym: string;
      daysCount: number;
      time_zone_name: string;
      tracks: { name: string; color?: string }[];
      rooms: { name: string; type: string }[];
      days: { index: number; date: string; day_start: string; rooms: Record<string, FrabEventJson[]> }[];
    };
  };
}
const eventsOf = (doc: FrabJson) => doc.schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat());

describe('exports: frab XML and JSON, iCal, CSV, statistics', () => {
  let t: TestApp;
  let admin: TestUser;
  let eventId: string;
  let secret: string;
  let hybridId: string;
  let onlineId: string;
  beforeAll(async () => {
    let room: { id: string };
    let channel: { id: string };
    ({ t, admin, eventId, room, channel } = await setupEdition({
      edition: { acronym: 'CSCO 2025' },
      room: { name: { en: 'Hall A', zh: 'A厅' }, venue: 'Shandong International Convention and Exhibition Center', city: 'Jinan' },
    }));
    const track = (await makeTrack(t, admin, eventId, { code: 'LEU', name: { en: 'Leukemia', zh: '白血病' }, colour: '#aa3300' })) as { id: string };
    secret = (await t.db.query(`SELECT stream_url FROM rooms WHERE id = $1`, [channel.id]))[0].stream_url;
    const chair = await makeSpeaker(t, admin, eventId, { name: { en: 'Jun Ma', zh: '马军' } });
    const speaker = await makeSpeaker(t, admin, eventId, { name: { en: 'Sarah Miller' }, country: 'US' });
    hybridId = (
      await makeSession(t, admin, eventId, sessionBody('2025-09-11', '08:00', '09:30', {
        format: 'hybrid',
        roomId: room.id,
        channelId: channel.id,
        trackId: track.id,
        title: { en: 'Advanced therapies', zh: '先进疗法' },
        description: { en: 'CAR-T & bispecifics <today>', zh: '细胞治疗' },
        segments: [{ kind: 'lecture', durationMinutes: 60 }, { kind: 'discussion', durationMinutes: 30 }],
        people: [{ speakerId: chair.id, role: 'chair' }, { speakerId: speaker.id, role: 'speaker', segment: 1 }],
      }))
    ).id;
    // 01:00 local on 12 September is 17:00 UTC on 11 September: it belongs to the 12th.
    onlineId = (await makeSession(t, admin, eventId, sessionBody('2025-09-12', '01:00', '02:00', { format: 'online', channelId: channel.id, kind: 'satellite_symposium', title: { en: 'Night symposium' } }))).id;
    await t.app.get(PublicCache).sync();
  });
  afterAll(() => t.close());

  const get = (path: string, headers: Record<string, string> = {}) => t.http().get(`/api/v1/events/${eventId}/${path}`).set(headers);

  it('serves frab XML valid against schedule.xml.xsd, with stable guids, local times and no stream link', async () => {
    const res = await get('schedule.xml').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['cache-control']).toBe('public, max-age=10, s-maxage=30, stale-while-revalidate=30');
    expect(await xsdErrors(res.text)).toEqual([]);
    expect(res.text).toContain(`guid="${uuidv5(`session:${hybridId}`, FRAB_NAMESPACE)}"`);
    expect(res.text).toContain('<acronym>csco_2025</acronym>');
    expect(res.text).toContain('<date>2025-09-11T08:00:00+08:00</date>');
    expect(res.text).toContain('<start>08:00</start>');
    expect(res.text).toContain('<duration>01:30</duration>');
    expect(res.text).toContain('<track name="Leukemia" color="#aa3300" slug="leu">Leukemia</track>');
    expect(res.text).toContain('CAR-T &amp; bispecifics &lt;today&gt;');
    expect(res.text).toContain('<day index="3" date="2025-09-12" start="2025-09-12T00:00:00+08:00" end="2025-09-13T00:00:00+08:00">');
    expect(res.text).not.toContain(secret);
    expect(res.text).not.toMatch(/stream/i);

    const again = await get('schedule.xml', { 'If-None-Match': res.headers.etag }).expect(304);
    expect(again.text).toBe('');
    const zh = await get('schedule.xml?lang=zh').expect(200);
    expect(await xsdErrors(zh.text)).toEqual([]);
    expect(zh.text).toContain('<title>先进疗法</title>');
    expect(zh.headers.etag).not.toBe(res.headers.etag);
  });

  it('the XSD check can fail: a broken document is reported', async () => {
    const res = await get('schedule.xml').expect(200);
    expect(await xsdErrors(res.text.replace(/<duration>01:30<\/duration>/, '<duration>90 minutes</duration>'))).not.toEqual([]);
    expect(await xsdErrors(res.text.replace(/ guid="[^"]+" id=/, ' id='))).not.toEqual([]);
  });

  it('serves frab JSON valid against schedule.schema.json (draft-06) with the same events', async () => {
    const res = await get('schedule.json').expect(200);
    expect(jsonSchemaErrors(res.body)).toEqual([]);
    const doc = res.body as FrabJson;
    const c = doc.schedule.conference;
    expect(c).toMatchObject({ acronym: 'csco_2025', daysCount: 5, time_zone_name: 'Asia/Shanghai', tracks: [{ name: 'Leukemia', color: '#aa3300' }] });
    expect(c.days.map((d) => d.index)).toEqual([1, 2, 3, 4, 5]);
    expect(c.rooms.map((r) => r.type)).toEqual(['lecturehall', 'online']);
    const events = eventsOf(doc);
    const hybrid = events.find((e) => e.guid === uuidv5(`session:${hybridId}`, FRAB_NAMESPACE))!;
    expect(hybrid).toMatchObject({ date: '2025-09-11T08:00:00+08:00', start: '08:00', duration: '01:30', room: 'Hall A', title: 'Advanced therapies', type: 'lecture', track: 'Leukemia', language: 'en' });
    expect(hybrid.persons.map((p) => p.name)).toEqual(['Jun Ma', 'Sarah Miller']);
    const night = events.find((e) => e.guid === uuidv5(`session:${onlineId}`, FRAB_NAMESPACE))!;
    expect(c.days[2].rooms[night.room]).toContainEqual(expect.objectContaining({ start: '01:00' }));
    expect(res.text).not.toContain(secret);
    // The same ids in the XML export.
    const xml = (await get('schedule.xml').expect(200)).text;
    expect(xml).toContain(`<event guid="${hybrid.guid}" id="${hybrid.id}">`);

    // The JSON check can fail too.
    expect(jsonSchemaErrors({ schedule: { ...doc.schedule, conference: { ...c, acronym: 'CSCO 2025' } } })).not.toEqual([]);
  });

  it('keeps guids and ids when a session changes, and a change invalidates the cached export', async () => {
    const before = (await get('schedule.json').expect(200)) as { body: FrabJson; headers: Record<string, string> };
    await t.http().patch(`/api/v1/events/${eventId}/sessions/${onlineId}`).set(admin.auth).send({ title: { en: 'Night symposium (renamed)' } }).expect(200);
    await t.app.get(PublicCache).sync();
    const after = (await get('schedule.json', { 'If-None-Match': before.headers.etag }).expect(200)) as { body: FrabJson };
    const pick = (doc: FrabJson) => eventsOf(doc).find((e) => e.guid === uuidv5(`session:${onlineId}`, FRAB_NAMESPACE))!;
    expect(pick(after.body).title).toBe('Night symposium (renamed)');
    expect(pick(after.body).id).toBe(pick(before.body).id);
  });

  it('hides a draft edition’s exports from strangers and shows them to its members, uncached', async () => {
    const draft = await makeEdition(t, admin, {}, false);
    const stranger = await makeUser(t, 'stranger');
    for (const f of ['schedule.xml', 'schedule.json', 'schedule.ics']) {
      await t.http().get(`/api/v1/events/${draft.id}/${f}`).expect(404);
      await t.http().get(`/api/v1/events/${draft.id}/${f}`).set(stranger.auth).expect(404);
    }
    const own = await t.http().get(`/api/v1/events/${draft.id}/schedule.json`).set(admin.auth).expect(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(jsonSchemaErrors(own.body)).toEqual([]);
  });

  it('serves iCal parsed back by node-ical: UTC-correct times, stable UIDs, location, SEQUENCE rising after a move', async () => {
    const res = await get('schedule.ics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text).not.toContain(secret);
    const parsed = ical.sync.parseICS(res.text);
    const vevents = Object.values(parsed).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    expect(vevents).toHaveLength(2);
    const hybrid = vevents.find((e) => e.uid === `${hybridId}@congress`)!;
    expect(new Date(hybrid.start as Date).toISOString()).toBe('2025-09-11T00:00:00.000Z');
    expect(new Date(hybrid.end as Date).toISOString()).toBe('2025-09-11T01:30:00.000Z');
    expect(hybrid.location).toBe('Hall A, Shandong International Convention and Exhibition Center, Jinan');
    const night = vevents.find((e) => e.uid === `${onlineId}@congress`)!;
    expect(new Date(night.start as Date).toISOString()).toBe('2025-09-11T17:00:00.000Z');
    const seqBefore = Number(hybrid.sequence);

    await t.http().patch(`/api/v1/events/${eventId}/sessions/${hybridId}`).set(admin.auth).send({ startsAt: '2025-09-11T10:00:00+08:00', endsAt: '2025-09-11T11:30:00+08:00' }).expect(200);
    await t.app.get(PublicCache).sync();
    const moved = (Object.values(ical.sync.parseICS((await get('schedule.ics').expect(200)).text)) as ical.VEvent[]).find((e) => e.uid === `${hybridId}@congress`)!;
    expect(new Date(moved.start as Date).toISOString()).toBe('2025-09-11T02:00:00.000Z');
    expect(Number(moved.sequence)).toBeGreaterThan(seqBefore);

    // The move is in the audit log with the times before and after.
    const audit = await get('audit?entityType=session', admin.auth).expect(200);
    const entry = audit.body.items.find((e: { entityId: string; action: string }) => e.entityId === hybridId && e.action === 'session.update');
    expect(entry.actor.id).toBe(admin.id);
    expect(entry.before).toMatchObject({ startsAt: '2025-09-11T08:00:00.000+08:00', endsAt: '2025-09-11T09:30:00.000+08:00' });
    expect(entry.after).toMatchObject({ startsAt: '2025-09-11T10:00:00.000+08:00', endsAt: '2025-09-11T11:30:00.000+08:00' });
  });

  it('gives organisers the sessions as CSV (UTF-8 with a BOM) and refuses others', async () => {
    const organiser = await makeUser(t, 'organiser');
    await grant(t, admin, eventId, organiser, 'organiser');
    const res = await get('sessions.csv', organiser.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('id,frab_id,starts_at,ends_at,minutes,kind,format,track,title_en,title_zh,room,venue,city,channel,people,sequence');
    expect(lines).toHaveLength(3);
    expect(res.text).toContain('先进疗法');
    expect(res.text).toContain('chair: Jun Ma (马军); speaker: Sarah Miller');
    expect(res.text).not.toContain(secret);
    const attendee = await makeUser(t, 'attendee');
    await get('sessions.csv', attendee.auth).expect(403);
    await get('sessions.csv').expect(401);
  });

  it('counts sessions by track, kind and format, the online share and speakers by country', async () => {
    const res = await get('stats', admin.auth).expect(200);
    expect(res.body.sessions).toMatchObject({
      total: 2,
      byFormat: expect.arrayContaining([{ key: 'hybrid', count: 1 }, { key: 'online', count: 1 }]),
      byKind: expect.arrayContaining([{ key: 'lecture', count: 1 }, { key: 'satellite_symposium', count: 1 }]),
      onlineShare: 1,
    });
    expect(res.body.sessions.byTrack).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'LEU', count: 1 }), expect.objectContaining({ trackId: null, count: 1 })]));
    expect(res.body.speakers).toEqual({ total: 2, byCountry: expect.arrayContaining([{ key: 'US', count: 1 }, { key: 'CN', count: 1 }]) });
    const attendee = await makeUser(t, 'attendee');
    await get('stats', attendee.auth).expect(403);
  });

  it('validates the demo edition’s exports in both languages', async () => {
    await t.app.get(DemoSeeder).run();
    const [demo] = await t.db.query(`SELECT id FROM events WHERE slug = 'csco-2025'`);
    const streams: { stream_url: string }[] = await t.db.query(`SELECT stream_url FROM rooms WHERE event_id = $1 AND stream_url IS NOT NULL`, [demo.id]);
    expect(streams.length).toBeGreaterThan(0);
    for (const lang of ['en', 'zh']) {
      const xml = await t.http().get(`/api/v1/events/${demo.id}/schedule.xml?lang=${lang}`).expect(200);
      expect(await xsdErrors(xml.text)).toEqual([]);
      const json = await t.http().get(`/api/v1/events/${demo.id}/schedule.json?lang=${lang}`).expect(200);
      expect(jsonSchemaErrors(json.body)).toEqual([]);
      expect(eventsOf(json.body as FrabJson).length).toBeGreaterThan(50);
      for (const { stream_url } of streams) expect(xml.text + json.text).not.toContain(stream_url);
    }
  });

  it('validates a large synthetic edition (300 sessions)', async () => {
    const big = await makeEdition(t, admin);
    await generateSyntheticEdition(t.db, { eventId: big.id, sessions: 300, speakers: 600 });
    await t.app.get(PublicCache).sync();
    const xml = await t.http().get(`/api/v1/events/${big.id}/schedule.xml`).expect(200);
    expect(await xsdErrors(xml.text)).toEqual([]);
    const json = await t.http().get(`/api/v1/events/${big.id}/schedule.json`).expect(200);
    expect(jsonSchemaErrors(json.body)).toEqual([]);
    const events = eventsOf(json.body as FrabJson);
    expect(events).toHaveLength(300);
    expect(new Set(events.map((e) => e.guid)).size).toBe(300);
    expect(new Set(events.map((e) => e.id)).size).toBe(300);
  });
});
