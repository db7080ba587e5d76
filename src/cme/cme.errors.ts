import { defineErrors } from '../common/errors/error-catalog.js';

/** The cme module's error codes and what its tables' constraints mean to clients. */
export const CME_ERRORS = defineErrors({
  module: 'cme',
  codes: {
    NO_CME_CREDITS: { status: 409, description: 'No certificate without credits: the caller has claimed no CME credit hours in this edition.' },
    ATTENDANCE_CLOSED: { status: 409, description: 'Attendance can only be claimed while the session runs.' },
    ALREADY_CLAIMED: { status: 409, description: 'Attendance of this session was already recorded.' },
    ATTENDANCE_CODE_INVALID: { status: 403, description: 'The attendance code is not this session’s current code.' },
    NOT_ADMITTED: { status: 403, description: 'No confirmed registration whose mode admits this session.' },
    CME_CLAIMS_OPEN: { status: 409, description: 'Certificates are issued once the edition’s CME claims are closed.' },
  },
  constraints: {
    cme_certificates_hours_check: { code: 'NO_CME_CREDITS', message: 'You have claimed no CME credit hours in this edition' },
    cme_attendance_once_key: { code: 'ALREADY_CLAIMED', message: 'Attendance of this session is already recorded for this attendee' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'cme_attendance_method_check',
    'cme_attendance_recorded_by_fkey',
    'cme_attendance_session_fkey',
    'cme_attendance_user_id_fkey',
    'cme_certificates_code_key',
    'cme_certificates_event_id_fkey',
    'cme_certificates_user_id_fkey',
    'cme_certificates_user_key',
    'session_cme_credit_hours_check',
    'session_cme_session_fkey',
  ],
});
