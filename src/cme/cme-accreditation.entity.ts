import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

/**
 * An edition's accreditation, printed on every CME certificate: who accredits and who provides the
 * activity (bilingual), the activity number, the credit category and the designation statement
 * (a template with `{credits}`, the maximum credits computed from the programme), and the logo.
 */
@Entity({ name: 'cme_accreditations' })
@Check('cme_accreditations_activity_number_check', `((length(activity_number) >= 1) AND (length(activity_number) <= 64))`)
@Check('cme_accreditations_logo_check', `(octet_length(logo) <= 262144)`)
@ForeignKey('events', ['eventId'], ['id'], { name: 'cme_accreditations_event_id_fkey', onDelete: 'CASCADE' })
export class CmeAccreditationEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'accrediting_body', type: 'jsonb' })
  accreditingBody: LocalizedText;

  @Column({ type: 'jsonb' })
  provider: LocalizedText;

  @Column({ name: 'activity_number', type: 'text' })
  activityNumber: string;

  @Column({ name: 'credit_category', type: 'jsonb' })
  creditCategory: LocalizedText;

  /** The designation statement per language, with `{credits}` where the maximum credits go. */
  @Column({ type: 'jsonb' })
  statement: LocalizedText;

  /** A PNG (SVG uploads are rasterised on arrival). */
  @Column({ type: 'bytea', nullable: true })
  logo: Buffer | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
