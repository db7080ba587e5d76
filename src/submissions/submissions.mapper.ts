import { toLocalIso } from '../common/time/local-time.js';
import type { SubmissionType } from '../cfp/cfp-defaults.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import type { ReviewResponseDto, StaffSubmissionResponseDto, SubmissionResponseDto, SubmissionSpeakerDto } from './submissions.dto.js';
import type { SubmissionStatus } from './submission-state.js';

/** A submission row as the queries return it (snake_case, with its speakers and edition time zone). */
export interface SubmissionRow {
  id: string;
  event_id: string;
  track_id: string | null;
  type: SubmissionType;
  title: LocalizedText;
  abstract: LocalizedText;
  keywords: string[];
  requested_minutes: number;
  language: string;
  status: SubmissionStatus;
  presentation: string | null;
  decision_note: string | null;
  created_by: string;
  submitted_at: Date | null;
  decided_at: Date | null;
  confirmed_at: Date | null;
  withdrawn_at: Date | null;
  scheduled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  time_zone: string;
  speakers: { user_id: string | null; name: string | null; email: string; is_primary: boolean }[];
  mean_score?: string | null;
  review_count?: string | number;
}

export function toSubmissionResponse(r: SubmissionRow): SubmissionResponseDto {
  const local = (d: Date | null) => toLocalIso(d, r.time_zone);
  return {
    id: r.id,
    eventId: r.event_id,
    type: r.type,
    trackId: r.track_id,
    title: r.title,
    abstract: r.abstract,
    keywords: r.keywords,
    requestedMinutes: r.requested_minutes,
    language: r.language,
    status: r.status,
    scheduled: r.scheduled_at !== null,
    presentation: r.presentation,
    decisionNote: r.decision_note,
    speakers: r.speakers.map(
      (s): SubmissionSpeakerDto => ({ userId: s.user_id, name: s.name, email: s.email, isPrimary: s.is_primary }),
    ),
    submittedAt: local(r.submitted_at),
    decidedAt: local(r.decided_at),
    confirmedAt: local(r.confirmed_at),
    withdrawnAt: local(r.withdrawn_at),
    createdAt: local(r.created_at)!,
    updatedAt: local(r.updated_at)!,
  };
}

export const toStaffSubmissionResponse = (r: SubmissionRow): StaffSubmissionResponseDto => ({
  ...toSubmissionResponse(r),
  meanScore: r.mean_score == null ? null : Math.round(Number(r.mean_score) * 1000) / 1000,
  reviewCount: Number(r.review_count ?? 0),
});

/**
 * What reviewing needs: the staff view without the speakers' email addresses. Reviewers and track
 * chairs get this; owners and organisers (who contact speakers) the full view.
 */
export const withoutEmails = (r: StaffSubmissionResponseDto): StaffSubmissionResponseDto => ({
  ...r,
  speakers: r.speakers.map((s) => ({ userId: s.userId, name: s.name, isPrimary: s.isPrimary })),
});

export const toReviewResponse = (
  r: { id: string; submission_id: string; scores: Record<string, number>; overall: string; comment: string | null; created_at: Date; updated_at: Date },
  timeZone: string,
): ReviewResponseDto => ({
  id: r.id,
  submissionId: r.submission_id,
  scores: r.scores,
  overall: Number(r.overall),
  comment: r.comment,
  createdAt: toLocalIso(r.created_at, timeZone)!,
  updatedAt: toLocalIso(r.updated_at, timeZone)!,
});
