import { defineErrors } from '../common/errors/error-catalog.js';

/** The webhooks module's error codes and what its tables' constraints mean to clients. */
export const WEBHOOKS_ERRORS = defineErrors({
  module: 'webhooks',
  codes: {
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'webhook_deliveries_endpoint_fkey',
    'webhook_deliveries_event_id_id_key',
    'webhook_deliveries_status_check',
    'webhook_delivery_attempts_attempt_check',
    'webhook_delivery_attempts_attempt_key',
    'webhook_delivery_attempts_delivery_fkey',
    'webhook_endpoints_created_by_fkey',
    'webhook_endpoints_event_id_fkey',
    'webhook_endpoints_event_id_id_key',
  ],
});
