import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import type { Lang } from '../common/i18n/localized-text.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Accounts: the one owner of `users`. Other modules read accounts through this service. */
@Injectable()
export class UsersService {
  constructor(private readonly repo: UsersRepository) {}

  async findAuthUser(id: string): Promise<AuthUser | null> {
    const user = await this.repo.findById(id);
    return user ? { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin } : null;
  }

  findById(id: string, em?: EntityManager) {
    return this.repo.findById(id, em);
  }

  findByIds(ids: string[], em?: EntityManager) {
    return this.repo.findByIds(ids, em);
  }

  findByEmail(email: string, em?: EntityManager) {
    return this.repo.findByEmail(normaliseEmail(email), em);
  }

  /** With the password hash (for login only). */
  findByEmailWithHash(email: string) {
    return this.repo.findByEmailWithHash(normaliseEmail(email));
  }

  /** Creates a user; a duplicate email (in any case) → 409 EMAIL_TAKEN, also when two race. */
  async create(input: { email: string; passwordHash: string; name: string; isAdmin?: boolean; preferredLanguage?: Lang }, em?: EntityManager): Promise<UserEntity> {
    const id = await this.repo.insert(
      { email: normaliseEmail(input.email), passwordHash: input.passwordHash, name: input.name.trim(), isAdmin: input.isAdmin ?? false, preferredLanguage: input.preferredLanguage ?? 'en' },
      em,
    );
    if (!id) throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists', [{ field: 'email', messages: ['is already registered'] }]);
    return (await this.repo.findById(id, em))!;
  }

  /** The account's own settings (the language of its mail); 404 when the account is gone. */
  async updateSettings(id: string, changes: { preferredLanguage?: Lang }): Promise<UserEntity> {
    if (!(await this.repo.updateSettings(id, changes))) throw notFound('User');
    return (await this.repo.findById(id))!;
  }

  async setAdmin(id: string, passwordHash: string | undefined, em?: EntityManager) {
    await this.repo.makeAdmin(id, passwordHash, em);
  }
}
