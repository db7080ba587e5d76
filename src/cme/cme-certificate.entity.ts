import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An issued CME certificate: one per person and edition, verifiable by its public code. */
@Entity({ name: 'cme_certificates' })
@Check('cme_certificates_hours_check', `total_hours > 0`)
@Unique('cme_certificates_code_key', ['code'])
@ForeignKey('events', ['eventId'], ['id'], { name: 'cme_certificates_event_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('users', ['userId'], ['id'], { name: 'cme_certificates_user_id_fkey', onDelete: 'CASCADE' })
@Unique('cme_certificates_user_key', ['eventId', 'userId'])
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
}
