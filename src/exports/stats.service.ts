import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CountDto, StatsResponseDto, TrackCountDto } from './exports.dto.js';

const share = (part: number, all: number) => (all ? Math.round((part / all) * 10000) / 10000 : 0);

/** Figures for organisers: each group is one aggregate query on the edition's rows. Speakers are the people in sessions and the presenters of placed talks. */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async stats(eventId: string): Promise<StatsResponseDto> {
    const count = (rows: { key: string | null; count: string }[]): CountDto[] => rows.map((r) => ({ key: r.key ?? 'unknown', count: Number(r.count) }));
    const byTrack: { track_id: string | null; code: string | null; name: TrackCountDto['name']; count: string }[] = await this.db.query(
      `SELECT t.id AS track_id, t.code, t.name, count(*) AS count
         FROM sessions s LEFT JOIN tracks t ON t.event_id = s.event_id AND t.id = s.track_id
        WHERE s.event_id = $1 GROUP BY t.id, t.code, t.name ORDER BY count(*) DESC, t.code NULLS LAST`,
      [eventId],
    );
    const byKind = count(await this.db.query(`SELECT kind AS key, count(*) FROM sessions WHERE event_id = $1 GROUP BY kind ORDER BY count(*) DESC, kind`, [eventId]));
    const byFormat = count(await this.db.query(`SELECT format AS key, count(*) FROM sessions WHERE event_id = $1 GROUP BY format ORDER BY count(*) DESC, format`, [eventId]));
    const byCountry = count(
      await this.db.query(
        `SELECT sp.country AS key, count(*) FROM speakers sp
          WHERE sp.id IN (SELECT speaker_id FROM session_people WHERE event_id = $1
                          UNION
                          SELECT p.id FROM talks k
                            JOIN submission_speakers ss ON ss.event_id = k.event_id AND ss.submission_id = k.submission_id
                            JOIN speakers p ON p.user_id = ss.user_id
                           WHERE k.event_id = $1)
          GROUP BY sp.country ORDER BY count(*) DESC, sp.country NULLS LAST`,
        [eventId],
      ),
    );
    const byStatus = count(await this.db.query(`SELECT status AS key, count(*) FROM submissions WHERE event_id = $1 GROUP BY status ORDER BY count(*) DESC, status`, [eventId]));
    const [reg]: { total: string; confirmed: string; checked_in: string }[] = await this.db.query(
      `SELECT count(*) AS total, count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
              count(*) FILTER (WHERE status = 'confirmed' AND checked_in_at IS NOT NULL) AS checked_in
         FROM registrations WHERE event_id = $1`,
      [eventId],
    );
    const regByMode = count(await this.db.query(`SELECT mode AS key, count(*) FROM registrations WHERE event_id = $1 GROUP BY mode ORDER BY mode`, [eventId]));
    const regByStatus = count(await this.db.query(`SELECT status AS key, count(*) FROM registrations WHERE event_id = $1 GROUP BY status ORDER BY status`, [eventId]));
    const n = (rows: CountDto[], ...keys: string[]) => rows.filter((r) => keys.includes(r.key)).reduce((sum, r) => sum + r.count, 0);
    const total = byFormat.reduce((sum, r) => sum + r.count, 0);
    const online = n(byFormat, 'online', 'hybrid');
    return {
      sessions: {
        total,
        byTrack: byTrack.map((r) => ({ trackId: r.track_id, code: r.code, name: r.name, count: Number(r.count) })),
        byKind,
        byFormat,
        onlineShare: share(online, total),
      },
      speakers: { total: byCountry.reduce((sum, r) => sum + r.count, 0), byCountry },
      submissions: {
        total: byStatus.reduce((sum, r) => sum + r.count, 0),
        byStatus,
        acceptanceRate: share(n(byStatus, 'accepted', 'confirmed'), n(byStatus, 'accepted', 'confirmed', 'rejected')),
      },
      registrations: { total: Number(reg.total), byMode: regByMode, byStatus: regByStatus, checkInRate: share(Number(reg.checked_in), Number(reg.confirmed)) },
    };
  }
}
