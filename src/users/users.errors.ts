import { defineErrors } from '../common/errors/error-catalog.js';

/** The users module's error codes and what its tables' constraints mean to clients. */
export const USERS_ERRORS = defineErrors({
  module: 'users',
  codes: {
    EMAIL_TAKEN: { status: 409, description: 'An account with this email exists.' },
  },
  constraints: {
    users_email_key: { code: 'EMAIL_TAKEN', message: 'An account with this email already exists' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'users_email_check',
    'users_name_check',
    'users_preferred_language_check',
  ],
});
