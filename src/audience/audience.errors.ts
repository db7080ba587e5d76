import { defineErrors } from '../common/errors/error-catalog.js';

/** The audience module's error codes (stream access and presence) and what its tables' constraints mean to clients. */
export const AUDIENCE_ERRORS = defineErrors({
  module: 'audience',
  codes: {
    STREAM_NOT_ADMITTED: { status: 403, description: 'Stream access is for confirmed registrants whose attendance mode admits the session (online: online and hybrid sessions; in person: hybrid sessions).' },
    STREAM_TOKEN_INVALID: { status: 401, description: 'The stream token (X-Stream-Token header) is missing, malformed, expired, not signed by this service, or for another session.' },
    STREAM_TOKEN_REVOKED: { status: 401, description: 'The registration behind the stream token was cancelled: its devices can no longer watch.' },
    STREAM_DEVICE_PUSHED_OUT: { status: 409, description: 'Over the device limit: a newer device of the same registration took this device’s place (STREAM_MAX_DEVICES).' },
    PRESENCE_UNAVAILABLE: { status: 503, description: 'The presence store (Redis) is unreachable; the player retries its beat.' },
    SESSION_NOT_LIVE: { status: 409, description: 'Presence is counted only while the session runs (from its start to its end, on the server’s clock).' },
  },
  constraints: {},
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'stream_signing_keys_alg_check',
    'stream_signing_keys_current_key',
    'stream_devices_slot_check',
    'stream_devices_device_id_check',
    'stream_devices_end_check',
    'stream_devices_slot_key',
    'stream_devices_device_key',
    'stream_devices_registration_fkey',
    'audience_minutes_viewers_check',
    'audience_minutes_minute_check',
    'audience_minutes_session_fkey',
    'audience_watch_minutes_check',
    'audience_watch_span_check',
    'audience_watch_session_fkey',
    'audience_watch_registration_fkey',
  ],
});
