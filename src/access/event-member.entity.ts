import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { EventRole } from './event-role.js';

/** A user's role in one edition. A user may hold several roles in the same edition. */
@Entity({ name: 'event_members' })
@ForeignKey('events', ['eventId'], ['id'], { name: 'event_members_event_id_fkey', onDelete: 'CASCADE' })
@Unique('event_members_event_user_role_key', ['eventId', 'userId', 'role'])
@Check('event_members_role_check', `(role = ANY (ARRAY['owner', 'organiser', 'track_chair', 'reviewer']))`)
@ForeignKey('users', ['userId'], ['id'], { name: 'event_members_user_id_fkey', onDelete: 'CASCADE' })
@Index('event_members_user_idx', ['userId'])
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
  @Column({ name: 'track_ids', type: 'uuid', array: true, default: '{}' })
  trackIds: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
