import { Check, Column, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

/** A person who signs an edition's certificates, with their signature image (PNG; SVG rasterised). */
@Entity({ name: 'cme_signatories' })
@Check('cme_signatories_position_check', `((position >= 1) AND (position <= 3))`)
@Check('cme_signatories_signature_check', `(octet_length(signature) <= 131072)`)
@Unique('cme_signatories_position_key', ['eventId', 'position'])
@ForeignKey('cme_accreditations', ['eventId'], ['eventId'], { name: 'cme_signatories_event_id_fkey', onDelete: 'CASCADE' })
export class CmeSignatoryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'cme_signatories_pkey' })
  id: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'cme_signatories_pkey' })
  eventId: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'bytea' })
  signature: Buffer;
}
