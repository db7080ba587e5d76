import { defineErrors } from '../common/errors/error-catalog.js';

/** The speakers module's error codes and what its tables' constraints mean to clients. */
export const SPEAKERS_ERRORS = defineErrors({
  module: 'speakers',
  codes: {
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'speakers_country_check',
    'speakers_orcid_check',
    'speakers_user_id_fkey',
    'speakers_user_key',
  ],
});
