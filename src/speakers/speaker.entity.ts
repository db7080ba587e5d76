import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

/**
 * A person who speaks, chairs or comments: a profile that outlives editions. It may belong to a
 * user account (`/speakers/me`) or stand alone (invited faculty entered by organisers).
 */
@Entity({ name: 'speakers' })
@Check('speakers_country_check', `(country ~ '^[A-Z]{2}$')`)
@Check('speakers_orcid_check', `(orcid ~ '^\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]$')`)
@ForeignKey('users', ['userId'], ['id'], { name: 'speakers_user_id_fkey', onDelete: 'SET NULL' })
@Unique('speakers_user_key', ['userId'])
export class SpeakerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The account this profile belongs to (at most one profile per account). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** Name in Chinese (family name first, e.g. 马军) and/or English (e.g. Jun Ma). */
  @Column({ type: 'jsonb' })
  name: LocalizedText;

  /** e.g. Prof., Dr. */
  @Column({ type: 'text', nullable: true })
  honorific: string | null;

  /** e.g. Professor, Chief Physician, Director of the Institute of Hematology */
  @Column({ type: 'jsonb', default: '[]' })
  titles: LocalizedText[];

  /** Institutions, first is the main one. */
  @Column({ type: 'jsonb', default: '[]' })
  affiliations: LocalizedText[];

  /** ISO 3166-1 alpha-2 (e.g. CN, US, CH, JP, SG, KR, HK). */
  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'jsonb', nullable: true })
  bio: LocalizedText | null;

  @Column({ name: 'photo_url', type: 'text', nullable: true })
  photoUrl: string | null;

  @Column({ type: 'text', nullable: true })
  orcid: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
