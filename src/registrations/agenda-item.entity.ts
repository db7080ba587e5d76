import { CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A session in someone's personal agenda. */
@Entity({ name: 'agenda_items' })
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'agenda_items_session_fkey', onDelete: 'CASCADE' })
@ForeignKey('users', ['userId'], ['id'], { name: 'agenda_items_user_id_fkey', onDelete: 'CASCADE' })
@Index('agenda_items_user_idx', ['userId'])
export class AgendaItemEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
