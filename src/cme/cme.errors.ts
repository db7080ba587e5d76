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
    ACCREDITATION_MISSING: { status: 409, description: 'The organisers have not entered the edition’s accreditation, which every certificate prints.' },
    CERTIFICATE_REVOKED: { status: 409, description: 'The caller’s certificate for this edition was revoked by the organisers.' },
    CERTIFICATE_NOT_CURRENT: { status: 409, description: 'The certificate is already revoked or superseded.' },
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
    'cme_certificates_status_check',
    'cme_certificates_superseded_by_fkey',
    'cme_accreditations_activity_number_check',
    'cme_accreditations_logo_check',
    'cme_accreditations_event_id_fkey',
    'cme_signatories_position_check',
    'cme_signatories_signature_check',
    'cme_signatories_position_key',
    'cme_signatories_event_id_fkey',
    'session_cme_credit_hours_check',
    'session_cme_session_fkey',
  ],
});
