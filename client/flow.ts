/**
 * A small client of the congress API, written only against the types openapi-typescript generates
 * from /docs-json (`client/api.d.ts`, `npm run client`) and called through openapi-fetch: no casts,
 * no hand-written response types. It walks the flow a console and an attendee app would:
 * sign in → an edition with a track, a room and a channel → a hybrid session → the programme →
 * submit an abstract → register with an Idempotency-Key → the ticket.
 * `npm run typecheck` type-checks it; `test/e2e/client.e2e-spec.ts` runs it against the test app.
 */
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

export interface Account {
  email: string;
  password: string;
}

export interface FlowResult {
  eventId: string;
  sessionId: string;
  sessionRoomId: string | null;
  sessionChannelId: string | null;
  sessionTrackId: string | null;
  programmeSessionTitles: string[];
  submissionStatus: string;
  registrationStatus: string;
  replayed: boolean;
  ticketToken: string;
}

/** Throws with the status and the error body when a call did not succeed. */
function must<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

export async function walk(baseUrl: string, organiser: Account, attendee: Account, fetchImpl: typeof fetch = fetch): Promise<FlowResult> {
  const api = createClient<paths>({ baseUrl, fetch: fetchImpl });

  // Sign in (the organiser is a platform admin, who may create editions).
  const signIn = must(await api.POST('/api/v1/auth/login', { body: organiser }), 'sign in');
  const asOrganiser = { Authorization: `Bearer ${signIn.accessToken}` };

  const now = Date.now();
  const day = new Date(now + 30 * 86_400_000).toISOString().slice(0, 10);
  const edition = must(
    await api.POST('/api/v1/events', {
      headers: asOrganiser,
      body: {
        slug: `client-${now.toString(36)}`,
        title: { en: 'Client Walk Annual Meeting', zh: '客户端年会' },
        city: 'Jinan',
        venue: 'Convention Center',
        startsOn: day,
        endsOn: day,
        timeZone: 'Asia/Shanghai',
        format: 'hybrid',
        cfpOpensAt: new Date(now - 86_400_000).toISOString(),
        cfpClosesAt: new Date(now + 20 * 86_400_000).toISOString(),
        registrationOpensAt: new Date(now - 86_400_000).toISOString(),
        registrationClosesAt: new Date(now + 20 * 86_400_000).toISOString(),
        capacityInPerson: null,
        capacityOnline: 500,
      },
    }),
    'create edition',
  );
  const eventId = edition.id;
  const byEvent = { path: { eventId } };

  const track = must(await api.POST('/api/v1/events/{eventId}/tracks', { params: byEvent, headers: asOrganiser, body: { code: 'LYM', name: { en: 'Lymphoma', zh: '淋巴瘤' }, colour: null } }), 'create track');
  const room = must(
    await api.POST('/api/v1/events/{eventId}/rooms', { params: byEvent, headers: asOrganiser, body: { kind: 'room', name: { en: 'Hall A' }, venue: 'Convention Center', city: 'Jinan', capacity: 500 } }),
    'create room',
  );
  const channel = must(
    await api.POST('/api/v1/events/{eventId}/rooms', { params: byEvent, headers: asOrganiser, body: { kind: 'channel', name: { en: 'Channel 1' }, platform: 'CSCO Live', streamUrl: 'https://live.example.org/ch1' } }),
    'create channel',
  );

  const session = must(
    await api.POST('/api/v1/events/{eventId}/sessions', {
      params: byEvent,
      headers: asOrganiser,
      body: {
        kind: 'lecture',
        format: 'hybrid',
        title: { en: 'Advances in lymphoma', zh: '淋巴瘤进展' },
        description: null,
        trackId: track.id,
        roomId: room.id,
        channelId: channel.id,
        startsAt: `${day}T09:00:00+08:00`,
        endsAt: `${day}T10:00:00+08:00`,
      },
    }),
    'create session',
  );
  must(await api.POST('/api/v1/events/{eventId}/publish', { params: byEvent, headers: asOrganiser }), 'publish');

  // The public programme, read without a token.
  const programme = must(await api.GET('/api/v1/events/{eventId}/programme', { params: { path: { eventId }, query: { lang: 'en' } } }), 'programme');
  const programmeSessionTitles = programme.days.flatMap((d) => d.sessions.map((s) => s.displayTitle));

  // The attendee: an account, an abstract, a registration (retried with the same key), the ticket.
  const account = await api.POST('/api/v1/auth/register', { body: { ...attendee, name: 'Client Walker' } });
  const token = account.data?.accessToken ?? must(await api.POST('/api/v1/auth/login', { body: attendee }), 'attendee sign in').accessToken;
  const asAttendee = { Authorization: `Bearer ${token}` };

  const submission = must(
    await api.POST('/api/v1/events/{eventId}/submissions', {
      params: byEvent,
      headers: asAttendee,
      body: {
        type: 'oral_abstract',
        trackId: track.id,
        title: { en: 'CAR-T cell therapy in relapsed lymphoma' },
        abstract: { en: 'Background: relapsed large B-cell lymphoma. Methods: a phase 2 study. Results: durable responses.' },
        keywords: ['CAR-T'],
        language: 'en',
        submit: true,
      },
    }),
    'submit abstract',
  );

  const key = `client-walk-${now}`;
  const register = () => api.POST('/api/v1/events/{eventId}/registrations', { params: { path: { eventId }, header: { 'Idempotency-Key': key } }, headers: asAttendee, body: { mode: 'online' } });
  const registration = must(await register(), 'register');
  const retry = await register();
  const again = must(retry, 'register again');
  if (again.id !== registration.id) throw new Error('the retried registration is another one');

  const ticket = must(
    await api.GET('/api/v1/registrations/{registrationId}/ticket', { params: { path: { registrationId: registration.id }, query: { format: 'json' } }, headers: asAttendee }),
    'ticket',
  );
  // The route also answers PNG or SVG (`?format=png|svg`), so its type is the JSON or a string.
  if (typeof ticket === 'string') throw new Error('asked for JSON, got an image');

  return {
    eventId,
    sessionId: session.id,
    sessionRoomId: session.roomId ?? null,
    sessionChannelId: session.channelId ?? null,
    sessionTrackId: session.trackId ?? null,
    programmeSessionTitles,
    submissionStatus: submission.status,
    registrationStatus: registration.status,
    replayed: retry.response.headers.get('idempotency-replayed') === 'true',
    ticketToken: ticket.token,
  };
}
