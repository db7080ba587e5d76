import { defineErrors } from '../common/errors/error-catalog.js';

/** The events module's error codes and what its tables' constraints mean to clients. */
export const EVENTS_ERRORS = defineErrors({
  module: 'events',
  codes: {
    SLUG_TAKEN: { status: 409, description: 'An edition with this slug exists.' },
    SESSIONS_OUTSIDE_EDITION: {
      status: 409,
      description: "The edition's new days or time zone would leave sessions outside it; details.sessions names them (move or delete them first).",
    },
  },
  constraints: {
    events_days_hold_sessions: { code: 'SESSIONS_OUTSIDE_EDITION', message: 'Sessions of the edition lie outside its new days', jsonDetail: true },
    events_slug_key: { code: 'SLUG_TAKEN', message: 'An edition with this slug already exists' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'events_capacity_in_person_check',
    'events_capacity_online_check',
    'events_cfp_window_check',
    'events_dates_check',
    'events_disclosure_policy_check',
    'events_format_check',
    'events_late_breaking_release_time_check',
    'events_registration_window_check',
    'events_slug_check',
  ],
});
