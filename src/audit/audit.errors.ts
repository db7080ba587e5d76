import { defineErrors } from '../common/errors/error-catalog.js';

/** The audit module's error codes and what its tables' constraints mean to clients. */
export const AUDIT_ERRORS = defineErrors({
  module: 'audit',
  codes: {
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'audit_log_actor_id_fkey',
    'audit_log_event_id_fkey',
  ],
});
