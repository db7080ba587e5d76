import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { buildCalendar, type CalendarSession } from '../calendar/ical.js';
import { canSee } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { notFound } from '../common/errors/domain-error.js';
import type { Lang, LocalizedText } from '../common/i18n/localized-text.js';
import { toLocalIso } from '../common/time/local-time.js';
import type { AgendaItemDto, FeedTokenResponseDto } from './agenda.dto.js';

interface AgendaRow {
  id: string;
  event_id: string;
  title: LocalizedText;
  description: LocalizedText | null;
  format: string;
  starts_at: Date;
  ends_at: Date;
  sequence: number;
  updated_at: Date;
  room_name: LocalizedText | null;
  venue: string | null;
  city: string | null;
  time_zone: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Personal agendas: sessions someone plans to attend, clashes flagged, and an iCal feed. */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  async add(sessionId: string, user: AuthUser): Promise<void> {
    const [s]: { event_id: string }[] = await this.db.query(`SELECT event_id FROM sessions WHERE id = $1`, [sessionId]);
    if (!s || !canSee(await this.access.accessTo(user, s.event_id))) throw notFound('Session');
    await this.db.query(
      `INSERT INTO agenda_items (event_id, user_id, session_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [s.event_id, user.id, sessionId],
    );
  }

  async remove(sessionId: string, user: AuthUser): Promise<void> {
    const [gone]: [unknown[], number] = await this.db.query(`DELETE FROM agenda_items WHERE user_id = $1 AND session_id = $2 RETURNING 1`, [
      user.id,
      sessionId,
    ]);
    if (!gone.length) throw notFound('Agenda item');
  }

  private rows(userId: string, eventId?: string): Promise<AgendaRow[]> {
    return this.db.query(
      `SELECT s.id, s.event_id, s.title, s.description, s.format, s.starts_at, s.ends_at, s.sequence, s.updated_at,
              r.name AS room_name, r.venue, coalesce(r.city, e.city) AS city, e.time_zone
         FROM agenda_items a
         JOIN sessions s ON s.event_id = a.event_id AND s.id = a.session_id
         JOIN events e ON e.id = a.event_id
         LEFT JOIN rooms r ON r.event_id = s.event_id AND r.id = coalesce(s.room_id, s.channel_id)
        WHERE a.user_id = $1 AND ($2::uuid IS NULL OR a.event_id = $2)
        ORDER BY s.starts_at, s.id`,
      [userId, eventId ?? null],
    );
  }

  async list(user: AuthUser, eventId?: string): Promise<AgendaItemDto[]> {
    const rows = await this.rows(user.id, eventId);
    return rows.map((s) => {
      const clashesWith = rows.filter((o) => o.id !== s.id && o.starts_at < s.ends_at && s.starts_at < o.ends_at).map((o) => o.id);
      return {
        sessionId: s.id,
        eventId: s.event_id,
        title: s.title as Record<string, string>,
        format: s.format,
        startsAt: toLocalIso(s.starts_at, s.time_zone)!,
        endsAt: toLocalIso(s.ends_at, s.time_zone)!,
        room: s.room_name as Record<string, string> | null,
        clashesWith,
        clash: clashesWith.length > 0,
      };
    });
  }

  async ics(user: AuthUser, lang: Lang, eventId?: string): Promise<string> {
    return this.calendar(user.id, lang, eventId);
  }

  private async calendar(userId: string, lang: Lang, eventId?: string): Promise<string> {
    const sessions: CalendarSession[] = (await this.rows(userId, eventId)).map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      sequence: s.sequence,
      roomName: s.room_name,
      venue: s.venue,
      city: s.city,
      updatedAt: s.updated_at,
    }));
    return buildCalendar(sessions, { name: lang === 'zh' ? '我的日程' : 'My congress agenda', lang });
  }

  /** A new secret feed link (the old one stops working). Only its hash is stored. */
  async resetFeedToken(user: AuthUser): Promise<FeedTokenResponseDto> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO agenda_feed_tokens (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [user.id, sha256(token)],
    );
    return { token, path: `/agenda/${token}/agenda.ics` };
  }

  /** The feed behind a secret link (no login: calendar apps poll it). Unknown links: 404. */
  async feed(token: string, lang: Lang): Promise<string> {
    const [row]: { user_id: string }[] = await this.db.query(`SELECT user_id FROM agenda_feed_tokens WHERE token_hash = $1`, [sha256(token)]);
    if (!row) throw notFound('Feed');
    return this.calendar(row.user_id, lang);
  }
}
