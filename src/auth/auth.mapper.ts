import type { UserEntity } from '../users/user.entity.js';
import type { UserResponseDto } from './auth.dto.js';

export const toUserResponse = (u: UserEntity): UserResponseDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isAdmin: u.isAdmin,
  preferredLanguage: u.preferredLanguage,
  createdAt: u.createdAt.toISOString(),
});
