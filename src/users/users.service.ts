import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { UserEntity } from './user.entity.js';


export const normaliseEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async findAuthUser(id: string): Promise<AuthUser | null> {
    const user = await this.users.findOne({ where: { id } });
    return user ? { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin } : null;
  }

  findById(id: string) {
    return this.users.findOne({ where: { id } });
  }

  findByIds(ids: string[]) {
    return ids.length ? this.users.find({ where: { id: In([...new Set(ids)]) } }) : Promise.resolve([]);
  }

  findByEmail(email: string) {
    return this.users.findOne({ where: { email: normaliseEmail(email) } });
  }

  /** With the password hash (for login only). */
  findByEmailWithHash(email: string) {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normaliseEmail(email) })
      .getOne();
  }

  /** Creates a user; a duplicate email (in any case) → 409 EMAIL_TAKEN, also when two race. */
  async create(input: { email: string; passwordHash: string; name: string; isAdmin?: boolean }): Promise<UserEntity> {
    const rows: UserEntity[] = await this.users.manager.query(
      `INSERT INTO users (email, password_hash, name, is_admin) VALUES ($1, $2, $3, $4)
       ON CONFLICT ((lower(email))) DO NOTHING
       RETURNING id`,
      [normaliseEmail(input.email), input.passwordHash, input.name.trim(), input.isAdmin ?? false],
    );
    if (!rows.length) throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists', [{ field: 'email', messages: ['is already registered'] }]);
    return (await this.findById(rows[0].id))!;
  }

  async setAdmin(id: string, passwordHash: string | undefined) {
    await this.users.update({ id }, { isAdmin: true, ...(passwordHash ? { passwordHash } : {}) });
  }
}
