import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One audited change: who changed what in an edition, when, with the state before and after. */
@Entity({ name: 'audit_log' })
@ForeignKey('users', ['actorId'], ['id'], { name: 'audit_log_actor_id_fkey', onDelete: 'SET NULL' })
@ForeignKey('events', ['eventId'], ['id'], { name: 'audit_log_event_id_fkey', onDelete: 'CASCADE' })
@Index('audit_log_event_idx', ['eventId', 'createdAt'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown | null;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => `clock_timestamp()` })
  createdAt: Date;
}
