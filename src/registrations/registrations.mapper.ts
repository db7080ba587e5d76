import type { RegistrationEntity } from './registration.entity.js';
import type { AttendeeRegistrationDto, RegistrationResponseDto } from './registrations.dto.js';

export interface RegistrationRow {
  id: string;
  event_id: string;
  user_id: string;
  mode: RegistrationEntity['mode'];
  status: RegistrationEntity['status'];
  waitlist_position: number | null;
  checked_in_at: Date | null;
  created_at: Date;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function toRegistrationResponse(r: RegistrationRow): RegistrationResponseDto {
  return {
    id: r.id,
    eventId: r.event_id,
    mode: r.mode,
    status: r.status,
    ...(r.status === 'waitlisted' && r.waitlist_position ? { waitlistPosition: r.waitlist_position } : {}),
    checkedInAt: iso(r.checked_in_at),
    createdAt: iso(r.created_at)!,
  };
}

export function toAttendeeRegistration(r: RegistrationRow & { name: string; email: string }): AttendeeRegistrationDto {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    mode: r.mode,
    status: r.status,
    waitlistPosition: r.waitlist_position,
    checkedInAt: iso(r.checked_in_at),
    createdAt: iso(r.created_at)!,
  };
}
