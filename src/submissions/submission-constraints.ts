import { registerConstraintCode } from '../common/errors/to-error-response.js';

// Races the services' own checks miss are caught by the database and read the same.
registerConstraintCode('talks_segment_key', 'NOT_A_TALK_SLOT', 'The segment already holds a talk');
registerConstraintCode('talks_submission_key', 'DUPLICATE', 'This submission is already placed in a session');
registerConstraintCode('submission_speakers_email_key', 'DUPLICATE', 'This person is already a speaker of the submission');
