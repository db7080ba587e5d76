import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

/** The secret of a user's agenda feed (only its SHA-256 is stored). */
@Entity({ name: 'agenda_feed_tokens' })
@Unique('agenda_feed_tokens_hash_key', ['tokenHash'])
@ForeignKey('users', ['userId'], ['id'], { name: 'agenda_feed_tokens_user_id_fkey', onDelete: 'CASCADE' })
export class AgendaFeedTokenEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
