import { defineErrors } from '../common/errors/error-catalog.js';

/** The access module's error codes and what its tables' constraints mean to clients. */
export const ACCESS_ERRORS = defineErrors({
  module: 'access',
  codes: {
    LAST_OWNER: { status: 409, description: 'The last owner of an edition cannot be removed.' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'event_members_event_id_fkey',
    'event_members_event_user_role_key',
    'event_members_role_check',
    'event_members_user_id_fkey',
  ],
});
