import { registerConstraintCode } from '../common/errors/to-error-response.js';

// A race that the service's own checks miss is caught by the database; these make it read the same.
registerConstraintCode('sessions_room_no_overlap', 'ROOM_OCCUPIED', 'The room holds another session at an overlapping time');
registerConstraintCode('sessions_channel_no_overlap', 'ROOM_OCCUPIED', 'The online channel carries another session at an overlapping time');
registerConstraintCode('session_people_no_double_booking', 'SPEAKER_DOUBLE_BOOKED', 'A person is in another session at an overlapping time');
