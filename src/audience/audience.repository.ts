import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import type { DeviceEndReason, StreamDeviceEntity } from './stream-device.entity.js';
import type { StreamSigningKeyEntity } from './stream-signing-key.entity.js';

export type DeviceRow = Pick<StreamDeviceEntity, 'id' | 'eventId' | 'registrationId' | 'userId' | 'deviceId' | 'slot' | 'startedAt'>;
/** A device's state for presence: 'active', or why it ended. */
export type DeviceState = 'active' | DeviceEndReason;
export interface Viewer {
  registrationId: string;
  userId: string;
}
export interface PendingMinute {
  eventId: string;
  sessionId: string;
  minute: Date;
}
export interface SessionAudienceRow {
  sessionId: string;
  uniqueViewers: number;
  peakConcurrent: number;
  watchedMinutes: number;
}
export interface WatchRow {
  sessionId: string;
  minutes: number;
  firstMinute: Date;
  lastMinute: Date;
}

/** The audience module's tables: stream_signing_keys, stream_devices, audience_minutes, audience_watch, audience_pending. */
@Injectable()
export class AudienceRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  // --- signing keys

  currentKey(): Promise<StreamSigningKeyEntity | undefined> {
    return this.first<StreamSigningKeyEntity>(
      `SELECT kid, alg, public_jwk AS "publicJwk", private_jwk AS "privateJwk", created_at AS "createdAt", retired_at AS "retiredAt"
         FROM stream_signing_keys WHERE retired_at IS NULL ORDER BY created_at LIMIT 1`,
    );
  }

  /** Stores a new current key unless another process stored one first (then nothing changes). */
  async insertKeyUnlessCurrent(key: Pick<StreamSigningKeyEntity, 'kid' | 'alg' | 'publicJwk' | 'privateJwk'>): Promise<void> {
    await this.affected(
      `INSERT INTO stream_signing_keys (kid, alg, public_jwk, private_jwk) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [key.kid, key.alg, JSON.stringify(key.publicJwk), JSON.stringify(key.privateJwk)],
    );
  }

  /** Public keys to publish: the current ones and those retired less than `graceSeconds` ago. */
  async publishedKeys(now: Date, graceSeconds: number): Promise<Record<string, unknown>[]> {
    const rows = await this.rows<{ publicJwk: Record<string, unknown> }>(
      `SELECT public_jwk AS "publicJwk" FROM stream_signing_keys
        WHERE retired_at IS NULL OR retired_at > $1::timestamptz - make_interval(secs => $2) ORDER BY created_at`,
      [now, graceSeconds],
    );
    return rows.map((r) => r.publicJwk);
  }

  // --- devices

  /** Serialises device starts of one registration (held to the end of the transaction). */
  async lockRegistrationDevices(registrationId: string, em: EntityManager): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtext('stream_devices:' || $1))`, [registrationId], em);
  }

  activeDevices(eventId: string, registrationId: string, em: EntityManager): Promise<DeviceRow[]> {
    return this.rows<DeviceRow>(
      `SELECT id, event_id AS "eventId", registration_id AS "registrationId", user_id AS "userId", device_id AS "deviceId", slot, started_at AS "startedAt"
         FROM stream_devices WHERE event_id = $1 AND registration_id = $2 AND ended_at IS NULL ORDER BY started_at, seq`,
      [eventId, registrationId],
      em,
    );
  }

  async endDevices(ids: string[], reason: DeviceEndReason, at: Date, em: EntityManager): Promise<void> {
    if (ids.length) await this.affected(`UPDATE stream_devices SET ended_at = $2, end_reason = $3 WHERE id = ANY ($1::uuid[]) AND ended_at IS NULL`, [ids, at, reason], em);
  }

  async insertDevice(row: Omit<DeviceRow, 'id'>, em: EntityManager): Promise<string> {
    const [r] = await this.rows<{ id: string }>(
      `INSERT INTO stream_devices (event_id, registration_id, user_id, device_id, slot, started_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [row.eventId, row.registrationId, row.userId, row.deviceId, row.slot, row.startedAt],
      em,
    );
    return r.id;
  }

  async deviceState(id: string): Promise<DeviceState | undefined> {
    const row = await this.first<{ reason: DeviceEndReason | null }>(`SELECT end_reason AS reason FROM stream_devices WHERE id = $1`, [id]);
    return row ? (row.reason ?? 'active') : undefined;
  }

  /** Ends every active device of a registration (its cancellation): the ids ended. */
  async endAllDevices(eventId: string, registrationId: string, at: Date, em: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `UPDATE stream_devices SET ended_at = $3, end_reason = 'cancelled' WHERE event_id = $1 AND registration_id = $2 AND ended_at IS NULL RETURNING id`,
      [eventId, registrationId, at],
      em,
    );
    return rows.map((r) => r.id);
  }

  // --- presence without Redis (audience_pending)

  /** Records a beat in the minute in progress when the device is active (one statement); the device's state. */
  async recordPending(device: string, eventId: string, sessionId: string, minute: Date, viewer: Viewer): Promise<DeviceState | undefined> {
    const row = await this.first<{ state: DeviceState | null }>(
      `WITH d AS (SELECT end_reason FROM stream_devices WHERE id = $1::uuid AND event_id = $2::uuid AND registration_id = $5::uuid),
            ins AS (INSERT INTO audience_pending (event_id, session_id, minute, registration_id, user_id)
                    SELECT $2::uuid, $3::uuid, $4::timestamptz, $5::uuid, $6::uuid WHERE EXISTS (SELECT 1 FROM d WHERE end_reason IS NULL)
                    ON CONFLICT DO NOTHING RETURNING 1)
       SELECT (SELECT coalesce(end_reason, 'active') FROM d) AS state, (SELECT count(*) FROM ins) AS inserted`,
      [device, eventId, sessionId, minute, viewer.registrationId, viewer.userId],
    );
    return row?.state ?? undefined;
  }

  pendingMinutes(before: Date): Promise<PendingMinute[]> {
    return this.rows<PendingMinute>(
      `SELECT DISTINCT event_id AS "eventId", session_id AS "sessionId", minute FROM audience_pending WHERE minute < $1 ORDER BY minute, event_id, session_id`,
      [before],
    );
  }

  pendingViewers(m: PendingMinute, em: EntityManager): Promise<Viewer[]> {
    return this.rows<Viewer>(
      `SELECT registration_id AS "registrationId", user_id AS "userId" FROM audience_pending WHERE event_id = $1 AND session_id = $2 AND minute = $3 FOR UPDATE`,
      [m.eventId, m.sessionId, m.minute],
      em,
    );
  }

  async deletePending(m: PendingMinute, em: EntityManager): Promise<void> {
    await this.affected(`DELETE FROM audience_pending WHERE event_id = $1 AND session_id = $2 AND minute = $3`, [m.eventId, m.sessionId, m.minute], em);
  }

  /** Viewers per session of an edition in the given minutes, from the staging rows. */
  pendingCounts(eventId: string, minutes: Date[]): Promise<{ sessionId: string; minute: Date; viewers: number }[]> {
    return this.rows(
      `SELECT session_id AS "sessionId", minute, count(*)::int AS viewers FROM audience_pending
        WHERE event_id = $1 AND minute = ANY ($2::timestamptz[]) GROUP BY session_id, minute`,
      [eventId, minutes],
    );
  }

  // --- the flush: one closed minute of one session

  /** Writes a closed minute's concurrent viewers; false when it was written before (nothing to add then). */
  async insertMinute(m: PendingMinute, viewers: number, em: EntityManager): Promise<boolean> {
    const rows = await this.rows(
      `INSERT INTO audience_minutes (event_id, session_id, minute, viewers) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [m.eventId, m.sessionId, m.minute, viewers],
      em,
    );
    return rows.length > 0;
  }

  /** Adds one watched minute to each viewer's record of the session, in one statement. */
  async addWatchedMinute(m: PendingMinute, viewers: Viewer[], em: EntityManager): Promise<void> {
    await this.affected(
      `INSERT INTO audience_watch (event_id, session_id, registration_id, user_id, minutes, first_minute, last_minute)
       SELECT $1::uuid, $2::uuid, v.registration_id, v.user_id, 1, $3::timestamptz, $3::timestamptz
         FROM unnest($4::uuid[], $5::uuid[]) AS v (registration_id, user_id)
       ON CONFLICT (event_id, session_id, registration_id) DO UPDATE
          SET minutes = audience_watch.minutes + 1,
              first_minute = least(audience_watch.first_minute, EXCLUDED.first_minute),
              last_minute = greatest(audience_watch.last_minute, EXCLUDED.last_minute)`,
      [m.eventId, m.sessionId, m.minute, viewers.map((v) => v.registrationId), viewers.map((v) => v.userId)],
      em,
    );
  }

  /** The concurrent viewers of every session of the edition in one closed minute. */
  minuteCounts(eventId: string, minute: Date): Promise<{ sessionId: string; viewers: number }[]> {
    return this.rows(`SELECT session_id AS "sessionId", viewers FROM audience_minutes WHERE event_id = $1 AND minute = $2`, [eventId, minute]);
  }

  // --- reads: statistics, the attendee's own record, CME

  sessionAudience(eventId: string): Promise<SessionAudienceRow[]> {
    return this.rows<SessionAudienceRow>(
      `SELECT s.session_id AS "sessionId", s.unique_viewers AS "uniqueViewers", coalesce(m.peak, 0) AS "peakConcurrent", s.watched AS "watchedMinutes"
         FROM (SELECT session_id, count(*)::int AS unique_viewers, sum(minutes)::int AS watched FROM audience_watch WHERE event_id = $1 GROUP BY session_id) s
         LEFT JOIN (SELECT session_id, max(viewers)::int AS peak FROM audience_minutes WHERE event_id = $1 GROUP BY session_id) m ON m.session_id = s.session_id
        ORDER BY s.session_id`,
      [eventId],
    );
  }

  /** Unique registrants who watched, per local day of the edition (by the first minute watched of each session). */
  uniqueByDay(eventId: string, timeZone: string): Promise<{ day: string; uniqueViewers: number }[]> {
    return this.rows(
      `SELECT to_char(first_minute AT TIME ZONE $2, 'YYYY-MM-DD') AS day, count(DISTINCT registration_id)::int AS "uniqueViewers"
         FROM audience_watch WHERE event_id = $1 GROUP BY 1 ORDER BY 1`,
      [eventId, timeZone],
    );
  }

  async totals(eventId: string): Promise<{ uniqueViewers: number; peakConcurrent: number; peakAt: Date | null }> {
    const row = await this.first<{ uniqueViewers: number; peakConcurrent: number | null; peakAt: Date | null }>(
      `SELECT (SELECT count(DISTINCT registration_id)::int FROM audience_watch WHERE event_id = $1) AS "uniqueViewers",
              p.viewers AS "peakConcurrent", p.minute AS "peakAt"
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT minute, sum(viewers)::int AS viewers FROM audience_minutes WHERE event_id = $1
                             GROUP BY minute ORDER BY sum(viewers) DESC, minute LIMIT 1) p ON true`,
      [eventId],
    );
    return { uniqueViewers: row?.uniqueViewers ?? 0, peakConcurrent: row?.peakConcurrent ?? 0, peakAt: row?.peakAt ?? null };
  }

  /** How many registrants watched how long in total over the edition, in fixed buckets of minutes. */
  minutesDistribution(eventId: string): Promise<{ bucket: string; registrants: number }[]> {
    return this.rows(
      `WITH per AS (SELECT registration_id, sum(minutes) AS m FROM audience_watch WHERE event_id = $1 GROUP BY registration_id),
            b AS (SELECT * FROM (VALUES ('1-9', 1, 9, 1), ('10-29', 10, 29, 2), ('30-59', 30, 59, 3), ('60-119', 60, 119, 4), ('120-239', 120, 239, 5), ('240+', 240, NULL, 6)) AS v (bucket, lo, hi, ord))
       SELECT b.bucket, count(per.registration_id)::int AS registrants
         FROM b LEFT JOIN per ON per.m >= b.lo AND (b.hi IS NULL OR per.m <= b.hi)
        GROUP BY b.bucket, b.ord ORDER BY b.ord`,
      [eventId],
    );
  }

  watchOfUser(eventId: string, userId: string): Promise<WatchRow[]> {
    return this.rows<WatchRow>(
      `SELECT session_id AS "sessionId", minutes, first_minute AS "firstMinute", last_minute AS "lastMinute"
         FROM audience_watch WHERE event_id = $1 AND user_id = $2 ORDER BY first_minute`,
      [eventId, userId],
    );
  }

  async watchedMinutes(eventId: string, sessionId: string, userId: string, em?: EntityManager): Promise<number> {
    const row = await this.first<{ minutes: number }>(
      `SELECT coalesce(sum(minutes), 0)::int AS minutes FROM audience_watch WHERE event_id = $1 AND session_id = $2 AND user_id = $3`,
      [eventId, sessionId, userId],
      em,
    );
    return row?.minutes ?? 0;
  }

  /** Retention: personal watch records and ended devices older than `before` go. */
  async purgeBefore(before: Date): Promise<{ watch: number; devices: number }> {
    const watch = await this.affected(`DELETE FROM audience_watch WHERE last_minute < $1`, [before]);
    const devices = await this.affected(`DELETE FROM stream_devices WHERE ended_at < $1`, [before]);
    return { watch, devices };
  }
}
