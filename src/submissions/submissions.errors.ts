import { defineErrors } from '../common/errors/error-catalog.js';

/** The submissions module's error codes and what its tables' constraints mean to clients. */
export const SUBMISSIONS_ERRORS = defineErrors({
  module: 'submissions',
  codes: {
    INVALID_TRANSITION: { status: 409, description: 'The submission cannot move from its current state to the one asked for.' },
    SUBMISSION_FROZEN: { status: 409, description: 'The submission content is frozen: it was decided (accepted, rejected, confirmed) or withdrawn.' },
    OWN_SUBMISSION: { status: 403, description: 'Nobody reviews or decides a submission they (co-)author.' },
    NOT_UNDER_REVIEW: { status: 409, description: 'Only submitted (undecided) submissions take reviews.' },
    NOT_ACCEPTED: { status: 409, description: 'Only an accepted or confirmed submission can be placed into a session.' },
    NOT_A_TALK_SLOT: { status: 409, description: 'The segment is not a talk or lecture slot of this session, or already holds a talk.' },
    EMBARGOED: { status: 409, description: 'The abstract is under embargo until its release time.' },
  },
  constraints: {
    talks_segment_key: { code: 'NOT_A_TALK_SLOT', message: 'The segment already holds a talk' },
    talks_submission_key: { code: 'DUPLICATE', message: 'This submission is already placed in a session' },
    submission_speakers_email_key: { code: 'DUPLICATE', message: 'This person is already a speaker of the submission' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'reviews_overall_check',
    'reviews_reviewer_id_fkey',
    'reviews_submission_fkey',
    'reviews_submission_reviewer_key',
    'submission_speakers_email_check',
    'submission_speakers_submission_fkey',
    'submission_speakers_user_id_fkey',
    'submissions_created_by_fkey',
    'submissions_decided_by_fkey',
    'submissions_event_id_fkey',
    'submissions_event_id_id_key',
    'submissions_language_check',
    'submissions_presentation_check',
    'submissions_requested_minutes_check',
    'submissions_scheduled_check',
    'submissions_status_check',
    'submissions_track_fkey',
    'submissions_type_check',
    'talks_frab_id_key',
    'talks_segment_fkey',
    'talks_session_fkey',
    'talks_submission_fkey',
    'talks_time_check',
  ],
});
