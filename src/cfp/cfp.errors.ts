import { defineErrors } from '../common/errors/error-catalog.js';

/** The cfp module's error codes and what its tables' constraints mean to clients. */
export const CFP_ERRORS = defineErrors({
  module: 'cfp',
  codes: {
    CFP_CLOSED: { status: 409, description: 'The call for submissions is not open.' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'cfp_settings_event_id_fkey',
  ],
});
