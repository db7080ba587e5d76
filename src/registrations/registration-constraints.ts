import { registerConstraintCode } from '../common/errors/to-error-response.js';

// Races that the services' own checks miss are caught by the database; these make them read the same.
registerConstraintCode('registrations_active_key', 'ALREADY_REGISTERED', 'You already hold a registration for this edition');
registerConstraintCode('session_seats_user_key', 'ALREADY_SEATED', 'You already hold a seat or a waiting-list place in this session');
registerConstraintCode('capacity_in_person_below_confirmed', 'CAPACITY_BELOW_CONFIRMED', 'capacityInPerson is below the number of confirmed in-person registrations');
registerConstraintCode('capacity_online_below_confirmed', 'CAPACITY_BELOW_CONFIRMED', 'capacityOnline is below the number of confirmed online registrations');
registerConstraintCode('sessions_seats_within_limit', 'CAPACITY_BELOW_CONFIRMED', 'limit is below the number of seats already reserved');
