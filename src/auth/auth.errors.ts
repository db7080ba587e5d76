import { defineErrors } from '../common/errors/error-catalog.js';

/** The auth module's error codes and what its tables' constraints mean to clients. */
export const AUTH_ERRORS = defineErrors({
  module: 'auth',
  codes: {
    INVALID_CREDENTIALS: { status: 401, description: 'Wrong email or password (one message for both).' },
  },
});
