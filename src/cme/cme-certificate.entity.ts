import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { PrintedCertificate } from './certificate-content.js';

/**
 * An issued CME certificate, verifiable by its public code. One current (`issued`) certificate per
 * person and edition; organisers revoke one (`revoked`) or reissue it with a corrected name (the old
 * one becomes `superseded`, pointing at its successor, which has a new code). `printed` is what the
 * paper says, kept at issue: the PDF is drawn from it and the verification route answers with it.
 */
@Entity({ name: 'cme_certificates' })
@Check('cme_certificates_hours_check', `total_hours > 0`)
@Check('cme_certificates_status_check', `((status = 'issued' AND revoked_at IS NULL AND superseded_by IS NULL) OR (status = 'revoked' AND revoked_at IS NOT NULL AND superseded_by IS NULL) OR (status = 'superseded' AND superseded_by IS NOT NULL))`)
@Unique('cme_certificates_code_key', ['code'])
@ForeignKey('events', ['eventId'], ['id'], { name: 'cme_certificates_event_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('users', ['userId'], ['id'], { name: 'cme_certificates_user_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('cme_certificates', ['supersededBy'], ['id'], { name: 'cme_certificates_superseded_by_fkey', deferrable: 'INITIALLY DEFERRED' })
@Index('cme_certificates_user_key', ['eventId', 'userId'], { unique: true, where: `(status = 'issued'::text)` })
export class CmeCertificateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'total_hours', type: 'numeric', precision: 6, scale: 2 })
  totalHours: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'text', default: 'issued' })
  status: 'issued' | 'revoked' | 'superseded';

  /** What the paper prints (null only for certificates issued before it was kept). */
  @Column({ type: 'jsonb', nullable: true })
  printed: PrintedCertificate | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;

  @Column({ name: 'superseded_by', type: 'uuid', nullable: true })
  supersededBy: string | null;
}
