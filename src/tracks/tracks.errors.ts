import { defineErrors } from '../common/errors/error-catalog.js';

/** The tracks module's error codes and what its tables' constraints mean to clients. */
export const TRACKS_ERRORS = defineErrors({
  module: 'tracks',
  codes: {
  },
  constraints: {
    tracks_event_code_key: { code: 'DUPLICATE', message: 'A track with this code exists in the edition' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'tracks_code_check',
    'tracks_colour_check',
    'tracks_event_id_fkey',
    'tracks_event_id_id_key',
  ],
});
