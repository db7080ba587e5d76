import { defineErrors } from '../common/errors/error-catalog.js';

/** The awards module's error codes and what its tables' constraints mean to clients. */
export const AWARDS_ERRORS = defineErrors({
  module: 'awards',
  codes: {
    OWN_WORK: { status: 403, description: 'A juror never scores their own work or themselves.' },
    CO_AUTHOR_CONFLICT: { status: 409, description: 'A juror never scores the work of a co-author.' },
    NOT_A_JUROR: { status: 403, description: 'Only the award’s jurors score its nominees.' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'award_jurors_award_fkey',
    'award_jurors_user_id_fkey',
    'award_nominees_award_fkey',
    'award_nominees_event_id_id_key',
    'award_nominees_one_check',
    'award_nominees_speaker_id_fkey',
    'award_nominees_speaker_key',
    'award_nominees_submission_fkey',
    'award_nominees_submission_key',
    'award_scores_juror_id_fkey',
    'award_scores_juror_key',
    'award_scores_nominee_fkey',
    'award_scores_score_check',
    'awards_ceremony_fkey',
    'awards_event_id_fkey',
    'awards_event_id_id_key',
    'awards_kind_check',
  ],
});
