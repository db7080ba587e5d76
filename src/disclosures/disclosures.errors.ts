import { defineErrors } from '../common/errors/error-catalog.js';

/** The disclosures module's error codes and what its tables' constraints mean to clients. */
export const DISCLOSURES_ERRORS = defineErrors({
  module: 'disclosures',
  codes: {
    SPEAKER_HAS_ACCOUNT: { status: 409, description: 'The person has an account and makes their own disclosure; organisers enter disclosures only for faculty without one.' },
    DISCLOSURE_MISSING: { status: 409, description: 'Someone involved has no current conflict-of-interest disclosure; details name them.' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'disclosures_content_check',
    'disclosures_event_id_fkey',
    'disclosures_event_speaker_key',
    'disclosures_speaker_id_fkey',
    'disclosures_updated_by_fkey',
    'disclosures_validity_check',
  ],
});
