import type { UserEntity } from '../users/user.entity.js';
import type { AttendeeRegistrationDto, RegistrationResponseDto } from './registrations.dto.js';
import type { RegistrationRow } from './registrations.repository.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function toRegistrationResponse(r: RegistrationRow): RegistrationResponseDto {
  return {
    id: r.id,
    eventId: r.eventId,
    mode: r.mode,
    status: r.status,
    ...(r.status === 'waitlisted' && r.waitlistPosition ? { waitlistPosition: r.waitlistPosition } : {}),
    checkedInAt: iso(r.checkedInAt),
    createdAt: iso(r.createdAt)!,
  };
}

export function toAttendeeRegistration(r: RegistrationRow, u: Pick<UserEntity, 'name' | 'email'>): AttendeeRegistrationDto {
  return {
    id: r.id,
    userId: r.userId,
    name: u.name,
    email: u.email,
    mode: r.mode,
    status: r.status,
    waitlistPosition: r.waitlistPosition,
    checkedInAt: iso(r.checkedInAt),
    createdAt: iso(r.createdAt)!,
  };
}
