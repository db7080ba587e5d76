import { defineErrors } from '../common/errors/error-catalog.js';

/** The sessions module's error codes and what its tables' constraints mean to clients. */
export const SESSIONS_ERRORS = defineErrors({
  module: 'sessions',
  codes: {
    ROOM_OCCUPIED: { status: 409, description: 'The room or online channel holds another session at an overlapping time.' },
    SPEAKER_DOUBLE_BOOKED: { status: 409, description: 'A person is in another session at an overlapping time (in any role).' },
    OUTSIDE_EDITION: { status: 409, description: 'The session lies outside the days of the edition (in its time zone).' },
    SLOT_OVERFLOW: { status: 409, description: 'The segments or talks do not fit inside the session.' },
    SLOT_DURATION: { status: 409, description: 'A talk is longer than its slot allows (e.g. over five minutes in a young-physician session).' },
    SEGMENT_HOLDS_TALK: { status: 409, description: 'A segment that holds a placed talk cannot be removed: take the talk out first (details.talks names them).' },
    TALK_OUTSIDE_SEGMENT: {
      status: 409,
      description: 'The change would leave a placed talk outside its segment (too short, not a talk slot, or past the session’s end); details.talks names them.',
    },
  },
  constraints: {
    sessions_within_edition: { code: 'OUTSIDE_EDITION', message: "The session must lie within the edition's days", jsonDetail: true },
    session_segments_talk_kept: { code: 'SEGMENT_HOLDS_TALK', message: 'A segment that holds a talk cannot be removed; take the talk out first', jsonDetail: true },
    talks_fit_segment: { code: 'TALK_OUTSIDE_SEGMENT', message: 'A placed talk would no longer fit its segment', jsonDetail: true },
    sessions_room_no_overlap: { code: 'ROOM_OCCUPIED', message: 'The room holds another session at an overlapping time' },
    sessions_channel_no_overlap: { code: 'ROOM_OCCUPIED', message: 'The online channel carries another session at an overlapping time' },
    session_people_no_double_booking: { code: 'SPEAKER_DOUBLE_BOOKED', message: 'A person is in another session at an overlapping time' },
    sessions_track_fkey: { code: 'CONFLICT', message: 'The track is used by sessions (or is not a track of this edition)' },
    sessions_room_fkey: { code: 'CONFLICT', message: 'The room is used by sessions, or is not a room of this edition' },
    sessions_channel_fkey: { code: 'CONFLICT', message: 'The channel is used by sessions, or is not a channel of this edition' },
  },
  // Backstops the service checks first: their SQLSTATE's generic answer is enough.
  generic: [
    'session_people_role_check',
    'session_people_role_key',
    'session_people_segment_fkey',
    'session_people_session_fkey',
    'session_people_speaker_id_fkey',
    'session_segments_duration_minutes_check',
    'session_segments_event_id_id_key',
    'session_segments_kind_check',
    'session_segments_position_check',
    'session_segments_position_key',
    'session_segments_session_fkey',
    'sessions_event_id_fkey',
    'sessions_event_id_id_key',
    'sessions_format_check',
    'sessions_format_place_check',
    'sessions_frab_id_key',
    'sessions_kind_check',
    'sessions_time_check',
    'sessions_room_kind_check',
    'sessions_channel_kind_check',
  ],
});
