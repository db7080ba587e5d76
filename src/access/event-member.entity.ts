import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EventRole } from './event-role.js';

/** A user's role in one edition. A user may hold several roles in the same edition. */
@Entity({ name: 'event_members' })
export class EventMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  role: EventRole;

  /** For track chairs: the tracks they chair (checked against the edition's tracks). */
  @Column({ name: 'track_ids', type: 'uuid', array: true, default: () => "'{}'" })
  trackIds: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
