import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'users' })
@Check('users_email_check', `((email = lower(email)) AND (length(email) <= 254))`)
@Check('users_preferred_language_check', `(preferred_language = ANY (ARRAY['en'::text, 'zh'::text]))`)
@Check('users_name_check', `((length(name) >= 1) AND (length(name) <= 200))`)
// CREATE UNIQUE INDEX users_email_key ON users USING btree (lower(email)): an expression index (migrations own it)
@Index('users_email_key', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique regardless of case (unique index on lower(email)). */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  name: string;

  /** The language mail is written in (`en` or `zh`); from Accept-Language at sign-up, then the account's setting. */
  @Column({ name: 'preferred_language', type: 'text', default: 'en' })
  preferredLanguage: 'en' | 'zh';

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
