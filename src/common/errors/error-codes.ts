/**
 * Every error code a client may see, with the HTTP status it maps to. Codes are stable: clients
 * rely on them, and the OpenAPI document lists them. Modules add their codes here, and this table
 * is the one place that decides the HTTP status of a domain error.
 */
export const ERROR_CODES = {
  // generic
  VALIDATION_FAILED: { status: 400, description: 'The body, path or query failed validation; details name each field.' },
  MALFORMED_JSON: { status: 400, description: 'The body is not valid JSON.' },
  INVALID_PARAMETER: { status: 400, description: 'A path or query parameter is malformed (for example not a UUID).' },
  UNAUTHENTICATED: { status: 401, description: 'No token, or a bad or expired token.' },
  INVALID_CREDENTIALS: { status: 401, description: 'Wrong email or password (one message for both).' },
  FORBIDDEN: { status: 403, description: 'Signed in, but not allowed to do this.' },
  NOT_FOUND: { status: 404, description: 'No such row, or a row the caller may not know of.' },
  ROUTE_NOT_FOUND: { status: 404, description: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The route does not take this method.' },
  CONFLICT: { status: 409, description: 'The request conflicts with the current state.' },
  DUPLICATE: { status: 409, description: 'A row with the same unique value exists.' },
  EMAIL_TAKEN: { status: 409, description: 'An account with this email exists.' },
  SLUG_TAKEN: { status: 409, description: 'An edition with this slug exists.' },
  LAST_OWNER: { status: 409, description: 'The last owner of an edition cannot be removed.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The body is over the size limit (1 MiB).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The content type is not application/json.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests; retry after the time in Retry-After.' },
  INTERNAL: { status: 500, description: 'An unexpected error; the requestId names it in the logs.' },
  DATABASE_UNAVAILABLE: { status: 503, description: 'The database is unreachable; retry after the time in Retry-After.' },

  // programme (scheduling clashes)
  ROOM_OCCUPIED: { status: 409, description: 'The room or online channel holds another session at an overlapping time.' },
  SPEAKER_DOUBLE_BOOKED: { status: 409, description: 'A person is in another session at an overlapping time (in any role).' },
  OUTSIDE_EDITION: { status: 409, description: 'The session lies outside the days of the edition (in its time zone).' },
  SLOT_OVERFLOW: { status: 409, description: 'The segments or talks do not fit inside the session.' },
  SLOT_DURATION: { status: 409, description: 'A talk is longer than its slot allows (e.g. over five minutes in a young-physician session).' },

  // submissions
  CFP_CLOSED: { status: 409, description: 'The call for submissions is not open.' },
  INVALID_TRANSITION: { status: 409, description: 'The submission cannot move from its current state to the one asked for.' },
  SUBMISSION_FROZEN: { status: 409, description: 'The submission content is frozen: it was decided (accepted, rejected, confirmed) or withdrawn.' },
  OWN_SUBMISSION: { status: 403, description: 'Nobody reviews or decides a submission they (co-)author.' },
  NOT_UNDER_REVIEW: { status: 409, description: 'Only submitted (undecided) submissions take reviews.' },
  NOT_ACCEPTED: { status: 409, description: 'Only an accepted or confirmed submission can be placed into a session.' },
  NOT_A_TALK_SLOT: { status: 409, description: 'The segment is not a talk or lecture slot of this session, or already holds a talk.' },

  // registrations and attendance (src/registrations)
  IDEMPOTENCY_KEY_REUSED: { status: 422, description: 'The Idempotency-Key was used before with another body.' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, description: 'The Idempotency-Key header is malformed (1–255 printable ASCII characters, optionally a quoted string).' },
  IDEMPOTENCY_KEY_IN_PROGRESS: { status: 409, description: 'A request with this Idempotency-Key is still being processed; retry later.' },
  REGISTRATION_CLOSED: { status: 409, description: 'Registration for this edition is not open.' },
  MODE_NOT_OFFERED: { status: 409, description: 'The edition does not offer this attendance mode.' },
  ALREADY_REGISTERED: { status: 409, description: 'The caller already holds an active registration for this edition.' },
  ALREADY_CANCELLED: { status: 409, description: 'The registration is already cancelled.' },
  REGISTRATION_NOT_CONFIRMED: { status: 409, description: 'The registration is waitlisted or cancelled, so it has no valid ticket.' },
  ALREADY_CHECKED_IN: { status: 409, description: 'The ticket was already used to check in.' },
  CAPACITY_BELOW_CONFIRMED: { status: 409, description: 'A capacity or seat limit cannot go below the seats already confirmed; the message names the field.' },
  SEAT_NOT_AVAILABLE: { status: 409, description: 'Seats are reserved only by confirmed in-person registrants, for in-person or hybrid sessions.' },
  ALREADY_SEATED: { status: 409, description: 'The caller already holds a seat (or a place on the waiting list) in this session.' },

  // medical-congress essentials
  SPEAKER_HAS_ACCOUNT: { status: 409, description: 'The person has an account and makes their own disclosure; organisers enter disclosures only for faculty without one.' },
  DISCLOSURE_MISSING: { status: 409, description: 'Someone involved has no current conflict-of-interest disclosure; details name them.' },
  EMBARGOED: { status: 409, description: 'The abstract is under embargo until its release time.' },
  ATTENDANCE_CLOSED: { status: 409, description: 'Attendance can only be claimed while the session runs.' },
  ALREADY_CLAIMED: { status: 409, description: 'Attendance of this session was already recorded.' },
  // CME (src/cme)
  ATTENDANCE_CODE_INVALID: { status: 403, description: 'The attendance code is not this session’s current code.' },
  NOT_ADMITTED: { status: 403, description: 'No confirmed registration whose mode admits this session.' },
  CME_CLAIMS_OPEN: { status: 409, description: 'Certificates are issued once the edition’s CME claims are closed.' },
  NO_CME_CREDITS: { status: 409, description: 'No certificate without credits: the caller has claimed no CME credit hours in this edition.' },
  // awards (src/awards)
  OWN_WORK: { status: 403, description: 'A juror never scores their own work or themselves.' },
  CO_AUTHOR_CONFLICT: { status: 409, description: 'A juror never scores the work of a co-author.' },
  NOT_A_JUROR: { status: 403, description: 'Only the award’s jurors score its nominees.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function statusOf(code: string): number {
  return (ERROR_CODES as Record<string, { status: number }>)[code]?.status ?? 500;
}
