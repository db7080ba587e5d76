import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import type { Lang } from '../common/i18n/localized-text.js';
import { UserEntity } from './user.entity.js';

/** Accounts (`users`). Emails are stored in lower case; one account per email in any case. */
@Injectable()
export class UsersRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  findById(id: string, em?: EntityManager): Promise<UserEntity | null> {
    return this.manager(em).findOneBy(UserEntity, { id });
  }

  findByIds(ids: string[], em?: EntityManager): Promise<UserEntity[]> {
    return ids.length ? this.manager(em).findBy(UserEntity, { id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  findByEmail(email: string, em?: EntityManager): Promise<UserEntity | null> {
    return this.manager(em).findOneBy(UserEntity, { email });
  }

  /** With the password hash (selected only for login). */
  findByEmailWithHash(email: string, em?: EntityManager): Promise<UserEntity | null> {
    return this.manager(em).createQueryBuilder(UserEntity, 'u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  }

  /** Inserts an account; undefined when the email is taken (decided by the unique index, also under a race). */
  async insert(input: { email: string; passwordHash: string; name: string; isAdmin: boolean; preferredLanguage: Lang }, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO users (email, password_hash, name, is_admin, preferred_language) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
      [input.email, input.passwordHash, input.name, input.isAdmin, input.preferredLanguage],
      em,
    );
    return row?.id;
  }

  /** Makes an account a platform admin, creating it when the email is new. */
  async upsertAdmin(input: { email: string; passwordHash: string; name: string }, em?: EntityManager): Promise<{ id: string; created: boolean }> {
    const [row] = await this.rows<{ id: string; created: boolean }>(
      `INSERT INTO users (email, password_hash, name, is_admin) VALUES ($1, $2, $3, true)
       ON CONFLICT ((lower(email))) DO UPDATE SET is_admin = true, password_hash = EXCLUDED.password_hash, updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [input.email, input.passwordHash, input.name],
      em,
    );
    return row;
  }

  /** Changes what the account may change about itself; false when there is no such account. */
  async updateSettings(id: string, changes: { preferredLanguage?: Lang }, em?: EntityManager): Promise<boolean> {
    if (!Object.keys(changes).length) return (await this.findById(id, em)) !== null;
    return (await this.manager(em).update(UserEntity, { id }, changes)).affected === 1;
  }

  async makeAdmin(id: string, passwordHash: string | undefined, em?: EntityManager): Promise<void> {
    await this.manager(em).update(UserEntity, { id }, { isAdmin: true, ...(passwordHash ? { passwordHash } : {}) });
  }
}
