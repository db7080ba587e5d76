import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { AgendaItemEntity } from './agenda-item.entity.js';

/** Personal agendas (`agenda_items`) and their secret feed links (`agenda_feed_tokens`). */
@Injectable()
export class AgendaRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  async add(eventId: string, userId: string, sessionId: string): Promise<void> {
    await this.affected(`INSERT INTO agenda_items (event_id, user_id, session_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [eventId, userId, sessionId]);
  }

  async remove(userId: string, sessionId: string): Promise<boolean> {
    return (await this.affected(`DELETE FROM agenda_items WHERE user_id = $1 AND session_id = $2`, [userId, sessionId])) > 0;
  }

  items(userId: string, eventId?: string): Promise<AgendaItemEntity[]> {
    return this.manager().find(AgendaItemEntity, { where: { userId, ...(eventId ? { eventId } : {}) } });
  }

  async setFeedToken(userId: string, tokenHash: string): Promise<void> {
    await this.affected(
      `INSERT INTO agenda_feed_tokens (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [userId, tokenHash],
    );
  }

  async feedOwner(tokenHash: string): Promise<string | undefined> {
    return (await this.first<{ user_id: string }>(`SELECT user_id FROM agenda_feed_tokens WHERE token_hash = $1`, [tokenHash]))?.user_id;
  }
}
