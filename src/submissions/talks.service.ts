import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { YOUNG_PHYSICIAN_MAX_MINUTES } from '../cfp/cfp-defaults.js';
import { hasRole, type EditionAccess } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { DisclosuresService } from '../disclosures/disclosures.service.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { toLocalIso } from '../common/time/local-time.js';
import { SpeakersService } from '../speakers/speakers.service.js';
import type { MoveTalkDto, PlaceTalkDto, TalkResponseDto } from './submissions.dto.js';
import { SubmissionsService } from './submissions.service.js';

interface SessionRow {
  id: string;
  event_id: string;
  track_id: string | null;
  kind: string;
  title: LocalizedText;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
}

interface SlotRow {
  id: string;
  kind: string;
  position: number;
  duration_minutes: number;
  offset_minutes: number;
}

const MINUTE = 60_000;

/** Placing accepted submissions into talk segments of sessions (organisers; track chairs within their tracks). */
@Injectable()
export class TalksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly speakers: SpeakersService,
    private readonly submissions: SubmissionsService,
    private readonly audit: AuditService,
    private readonly disclosures: DisclosuresService,
  ) {}

  async place(sessionId: string, dto: PlaceTalkDto, me: AuthUser, access: EditionAccess): Promise<TalkResponseDto> {
    return this.db.transaction(async (em) => {
      const session = await this.session(em, sessionId, access);
      const talk = await this.put(em, session, dto.submissionId, dto.segmentId, access);
      await this.audit.record(em, { eventId: session.event_id, actorId: me.id, action: 'talk.place', entityType: 'talk', entityId: talk.id, after: talk });
      await this.submissions.notify(em, dto.submissionId, 'submission.scheduled', {
        sessionTitle: session.title,
        startsAt: talk.startsAt,
        endsAt: talk.endsAt,
      });
      return talk;
    });
  }

  /** Moves a talk to another talk segment of the same session. */
  async move(sessionId: string, talkId: string, dto: MoveTalkDto, me: AuthUser, access: EditionAccess): Promise<TalkResponseDto> {
    return this.db.transaction(async (em) => {
      const session = await this.session(em, sessionId, access);
      const before = await this.takeOut(em, session, talkId);
      const talk = await this.put(em, session, before.submissionId, dto.segmentId, access);
      await this.audit.record(em, { eventId: session.event_id, actorId: me.id, action: 'talk.move', entityType: 'talk', entityId: talk.id, before, after: talk });
      return talk;
    });
  }

  async remove(sessionId: string, talkId: string, me: AuthUser, access: EditionAccess): Promise<void> {
    await this.db.transaction(async (em) => {
      const session = await this.session(em, sessionId, access);
      const before = await this.takeOut(em, session, talkId);
      await this.audit.record(em, { eventId: session.event_id, actorId: me.id, action: 'talk.remove', entityType: 'talk', entityId: talkId, before });
    });
  }

  /** The session, locked; a track chair (without a wider role) only for sessions of their tracks. */
  private async session(em: EntityManager, sessionId: string, access: EditionAccess): Promise<SessionRow> {
    const [s]: SessionRow[] = await em.query(
      `SELECT s.id, s.event_id, s.track_id, s.kind, s.title, s.starts_at, s.ends_at, e.time_zone
         FROM sessions s JOIN events e ON e.id = s.event_id WHERE s.id = $1 FOR UPDATE OF s`,
      [sessionId],
    );
    if (!s) throw notFound('Session');
    if (!this.canManage(access, s.track_id)) throw new DomainError('FORBIDDEN', 'A track chair places talks only in sessions of their tracks');
    return s;
  }

  private canManage(access: EditionAccess, trackId: string | null) {
    return hasRole(access, 'owner', 'organiser') || (trackId !== null && access.trackIds.includes(trackId));
  }

  /** Removes a talk and its speakers' rows in the session (the submission is unscheduled); returns what it was. */
  private async takeOut(em: EntityManager, session: SessionRow, talkId: string): Promise<TalkResponseDto> {
    const [talk] = await em.query(`SELECT * FROM talks WHERE event_id = $1 AND session_id = $2 AND id = $3 FOR UPDATE`, [session.event_id, session.id, talkId]);
    if (!talk) throw notFound('Talk');
    const before = await this.response(em, session, talk);
    await em.query(`DELETE FROM session_people WHERE event_id = $1 AND session_id = $2 AND segment_id = $3 AND role = 'speaker'`, [
      session.event_id,
      session.id,
      talk.segment_id,
    ]);
    await em.query(`DELETE FROM talks WHERE id = $1`, [talkId]);
    await em.query(`UPDATE submissions SET scheduled_at = NULL, updated_at = now() WHERE event_id = $1 AND id = $2`, [session.event_id, talk.submission_id]);
    return before;
  }

  private async put(em: EntityManager, session: SessionRow, submissionId: string, segmentId: string, access: EditionAccess): Promise<TalkResponseDto> {
    const eventId = session.event_id;
    // The submission, locked: a withdrawal waits for us and then sees scheduled_at.
    const [sub]: { id: string; status: string; track_id: string | null; type: string; requested_minutes: number; scheduled_at: Date | null }[] = await em.query(
      `SELECT id, status, track_id, type, requested_minutes, scheduled_at FROM submissions WHERE event_id = $1 AND id = $2 FOR UPDATE`,
      [eventId, submissionId],
    );
    if (!sub || sub.status === 'draft') throw notFound('Submission');
    if (!this.canManage(access, sub.track_id)) throw new DomainError('FORBIDDEN', 'A track chair places only submissions of their tracks');
    if (sub.status !== 'accepted' && sub.status !== 'confirmed') {
      throw new DomainError('NOT_ACCEPTED', `A ${sub.status} submission cannot be placed`, { status: sub.status });
    }
    if (sub.scheduled_at) throw new DomainError('DUPLICATE', 'This submission is already placed in a session');

    const slots: SlotRow[] = await em.query(
      `SELECT id, kind, position, duration_minutes,
              (sum(duration_minutes) OVER (ORDER BY position) - duration_minutes)::int AS offset_minutes
         FROM session_segments WHERE event_id = $1 AND session_id = $2 ORDER BY position`,
      [eventId, session.id],
    );
    const slot = slots.find((s) => s.id === segmentId);
    if (!slot) throw notFound('Segment');
    if (slot.kind !== 'talk' && slot.kind !== 'lecture') {
      throw new DomainError('NOT_A_TALK_SLOT', `A ${slot.kind} segment holds no talk`, { segmentId, kind: slot.kind });
    }
    const [taken] = await em.query(`SELECT id FROM talks WHERE event_id = $1 AND segment_id = $2`, [eventId, segmentId]);
    if (taken) throw new DomainError('NOT_A_TALK_SLOT', 'The segment already holds a talk', { segmentId, talkId: taken.id });

    const minutes = sub.requested_minutes;
    if (minutes > slot.duration_minutes) {
      throw new DomainError('SLOT_DURATION', `A ${minutes}-minute talk does not fit a ${slot.duration_minutes}-minute slot`, {
        requestedMinutes: minutes,
        slotMinutes: slot.duration_minutes,
      });
    }
    if (session.kind === 'young_physician' && (slot.duration_minutes > YOUNG_PHYSICIAN_MAX_MINUTES || minutes > YOUNG_PHYSICIAN_MAX_MINUTES)) {
      throw new DomainError('SLOT_DURATION', `A young-physician talk slot is at most ${YOUNG_PHYSICIAN_MAX_MINUTES} minutes`, {
        requestedMinutes: minutes,
        slotMinutes: slot.duration_minutes,
        maxMinutes: YOUNG_PHYSICIAN_MAX_MINUTES,
      });
    }
    const startsAt = new Date(session.starts_at.getTime() + slot.offset_minutes * MINUTE);
    const endsAt = new Date(startsAt.getTime() + minutes * MINUTE);
    if (endsAt > session.ends_at) {
      throw new DomainError('SLOT_OVERFLOW', 'The talk ends after the session does', {
        talkEndsAt: toLocalIso(endsAt, session.time_zone),
        sessionEndsAt: toLocalIso(session.ends_at, session.time_zone),
      });
    }

    // Every registered speaker of the submission gets a profile and a row in session_people.
    const users: { user_id: string }[] = await em.query(
      `SELECT DISTINCT COALESCE(ss.user_id, u.id) AS user_id FROM submission_speakers ss LEFT JOIN users u ON ss.user_id IS NULL AND u.email = ss.email
        WHERE ss.event_id = $1 AND ss.submission_id = $2 AND COALESCE(ss.user_id, u.id) IS NOT NULL`,
      [eventId, submissionId],
    );
    // Under the `block` policy every speaker of the submission (invitees included) must have disclosed.
    await this.submissions.assertSpeakersDisclosed(em, eventId, submissionId);
    const profiles = await this.speakers.ensureProfiles(em, users.map((u) => u.user_id));
    const speakerIds = [...profiles.values()];
    const clashes: { speaker_id: string; session_id: string }[] = await em.query(
      `SELECT speaker_id, session_id FROM session_people
        WHERE event_id = $1 AND speaker_id = ANY($2::uuid[]) AND session_id <> $3 AND tstzrange(starts_at, ends_at) && tstzrange($4, $5)`,
      [eventId, speakerIds, session.id, session.starts_at, session.ends_at],
    );
    if (clashes.length) {
      throw new DomainError('SPEAKER_DOUBLE_BOOKED', 'A speaker of this submission is in another session at an overlapping time', clashes.map((c) => ({ speakerId: c.speaker_id, sessionId: c.session_id })));
    }
    for (const speakerId of speakerIds) {
      // The exclusion constraint session_people_no_double_booking is the race-safe backstop.
      await em.query(
        `INSERT INTO session_people (event_id, session_id, speaker_id, role, segment_id, starts_at, ends_at)
         VALUES ($1, $2, $3, 'speaker', $4, $5, $6)`,
        [eventId, session.id, speakerId, segmentId, session.starts_at, session.ends_at],
      );
    }
    const [talk] = await em.query(
      `INSERT INTO talks (event_id, session_id, segment_id, submission_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [eventId, session.id, segmentId, submissionId, startsAt, endsAt],
    );
    await em.query(`UPDATE submissions SET scheduled_at = now(), updated_at = now() WHERE id = $1`, [submissionId]);
    return this.response(em, session, talk, speakerIds);
  }

  private async response(
    em: EntityManager,
    session: SessionRow,
    talk: { id: string; event_id: string; session_id: string; segment_id: string; submission_id: string; starts_at: Date; ends_at: Date },
    speakerIds?: string[],
  ): Promise<TalkResponseDto> {
    const [sub]: { title: LocalizedText }[] = await em.query(`SELECT title FROM submissions WHERE id = $1`, [talk.submission_id]);
    const ids =
      speakerIds ??
      (
        await em.query(`SELECT speaker_id FROM session_people WHERE event_id = $1 AND session_id = $2 AND segment_id = $3 AND role = 'speaker'`, [
          talk.event_id,
          talk.session_id,
          talk.segment_id,
        ])
      ).map((r: { speaker_id: string }) => r.speaker_id);
    return {
      id: talk.id,
      eventId: talk.event_id,
      sessionId: talk.session_id,
      segmentId: talk.segment_id,
      submissionId: talk.submission_id,
      title: sub.title,
      startsAt: toLocalIso(talk.starts_at, session.time_zone)!,
      endsAt: toLocalIso(talk.ends_at, session.time_zone)!,
      speakerIds: ids,
    };
  }
}
