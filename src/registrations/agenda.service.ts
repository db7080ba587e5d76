import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AccessService } from '../access/access.service.js';
import { buildCalendar, type CalendarSession } from '../calendar/ical.js';
import { canSee } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { notFound } from '../common/errors/domain-error.js';
import type { Lang } from '../common/i18n/localized-text.js';
import { toLocalIso } from '../common/time/local-time.js';
import { EventsService } from '../events/events.service.js';
import type { RoomEntity } from '../rooms/room.entity.js';
import { RoomsService } from '../rooms/rooms.service.js';
import type { SessionEntity } from '../sessions/session.entity.js';
import { SessionsService } from '../sessions/sessions.service.js';
import type { AgendaItemDto, FeedTokenResponseDto } from './agenda.dto.js';
import { AgendaRepository } from './agenda.repository.js';

/** A session in someone's agenda, with where it happens and its edition's time zone. */
interface AgendaRow {
  session: SessionEntity;
  room: RoomEntity | undefined;
  city: string | null;
  timeZone: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Personal agendas: sessions someone plans to attend, clashes flagged, and an iCal feed. */
@Injectable()
export class AgendaService {
  constructor(
    private readonly repo: AgendaRepository,
    private readonly sessions: SessionsService,
    private readonly rooms: RoomsService,
    private readonly events: EventsService,
    private readonly access: AccessService,
  ) {}

  async add(sessionId: string, user: AuthUser): Promise<void> {
    const s = await this.sessions.place(sessionId);
    if (!s || !canSee(await this.access.accessTo(user, s.eventId))) throw notFound('Session');
    await this.repo.add(s.eventId, user.id, sessionId);
  }

  async remove(sessionId: string, user: AuthUser): Promise<void> {
    if (!(await this.repo.remove(user.id, sessionId))) throw notFound('Agenda item');
  }

  /** The agenda's sessions in time order, with their rooms and editions (one statement each). */
  private async rows(userId: string, eventId?: string): Promise<AgendaRow[]> {
    const items = await this.repo.items(userId, eventId);
    const sessions = await this.sessions.byIds(items.map((i) => i.sessionId));
    const placeIds = sessions.flatMap((x) => (x.roomId ?? x.channelId ? [(x.roomId ?? x.channelId)!] : []));
    const [rooms, editions] = await Promise.all([this.rooms.byIds(sessions.map((x) => x.eventId), placeIds), this.events.findEntities(sessions.map((x) => x.eventId))]);
    const roomById = new Map(rooms.map((r) => [r.id, r]));
    const editionById = new Map(editions.map((e) => [e.id, e]));
    return sessions
      .map((session) => {
        const room = roomById.get(session.roomId ?? session.channelId ?? '');
        const edition = editionById.get(session.eventId)!;
        return { session, room, city: room?.city ?? edition.city, timeZone: edition.timeZone };
      })
      .sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime() || (a.session.id < b.session.id ? -1 : 1));
  }

  async list(user: AuthUser, eventId?: string): Promise<AgendaItemDto[]> {
    const rows = await this.rows(user.id, eventId);
    return rows.map(({ session: s, room, timeZone }) => {
      const clashesWith = rows.filter(({ session: o }) => o.id !== s.id && o.startsAt < s.endsAt && s.startsAt < o.endsAt).map(({ session: o }) => o.id);
      return {
        sessionId: s.id,
        eventId: s.eventId,
        title: s.title as Record<string, string>,
        format: s.format,
        startsAt: toLocalIso(s.startsAt, timeZone)!,
        endsAt: toLocalIso(s.endsAt, timeZone)!,
        room: (room?.name ?? null) as Record<string, string> | null,
        clashesWith,
        clash: clashesWith.length > 0,
      };
    });
  }

  async ics(user: AuthUser, lang: Lang, eventId?: string): Promise<string> {
    return this.calendar(user.id, lang, eventId);
  }

  private async calendar(userId: string, lang: Lang, eventId?: string): Promise<string> {
    const sessions: CalendarSession[] = (await this.rows(userId, eventId)).map(({ session: s, room, city }) => ({
      id: s.id,
      title: s.title,
      description: s.description,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      sequence: s.sequence,
      roomName: room?.name ?? null,
      venue: room?.venue ?? null,
      city,
      updatedAt: s.updatedAt,
    }));
    return buildCalendar(sessions, { name: lang === 'zh' ? '我的日程' : 'My congress agenda', lang });
  }

  /** A new secret feed link (the old one stops working). Only its hash is stored. */
  async resetFeedToken(user: AuthUser): Promise<FeedTokenResponseDto> {
    const token = randomBytes(32).toString('base64url');
    await this.repo.setFeedToken(user.id, sha256(token));
    return { token, path: `/agenda/${token}/agenda.ics` };
  }

  /** The feed behind a secret link (no login: calendar apps poll it). Unknown links: 404. */
  async feed(token: string, lang: Lang): Promise<string> {
    const userId = await this.repo.feedOwner(sha256(token));
    if (!userId) throw notFound('Feed');
    return this.calendar(userId, lang);
  }
}
