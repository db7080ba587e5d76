import { defineErrors } from '../common/errors/error-catalog.js';

/** The notifications module's error codes and what its tables' constraints mean to clients. */
export const NOTIFICATIONS_ERRORS = defineErrors({
  module: 'notifications',
  codes: {
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'notification_outbox_event_id_fkey',
    'notification_outbox_status_check',
    'notification_outbox_user_id_fkey',
  ],
});
