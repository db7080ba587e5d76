import { defineErrors } from '../common/errors/error-catalog.js';

/** The rooms module's error codes and what its tables' constraints mean to clients. */
export const ROOMS_ERRORS = defineErrors({
  module: 'rooms',
  codes: {
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'rooms_capacity_check',
    'rooms_event_id_fkey',
    'rooms_event_id_id_key',
    'rooms_kind_check',
    'rooms_kind_id_key',
  ],
});
