import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { EventEntity } from './event.entity.js';

/** A session that lies outside days an edition would have. */
export interface SessionOutsideRow {
  id: string;
  title: LocalizedText;
  startsAt: Date;
  endsAt: Date;
}

/** Editions (`events`). */
@Injectable()
export class EventsRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  findById(id: string, em?: EntityManager): Promise<EventEntity | null> {
    return this.manager(em).findOneBy(EventEntity, { id });
  }

  /** The edition, locked for the caller's transaction (changes to it and to what depends on it queue behind). */
  findByIdForUpdate(id: string, em: EntityManager): Promise<EventEntity | null> {
    return em.findOne(EventEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByIds(ids: string[], em?: EntityManager): Promise<EventEntity[]> {
    return ids.length ? this.manager(em).findBy(EventEntity, { id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /**
   * Sessions of the edition outside the given local days (at most 50), through the function the
   * sessions module publishes for this (`sessions_outside_days`; the events module reads no session table).
   */
  sessionsOutsideDays(id: string, startsOn: string, endsOn: string, timeZone: string, em: EntityManager): Promise<SessionOutsideRow[]> {
    return this.rows(
      `SELECT id, title, starts_at AS "startsAt", ends_at AS "endsAt" FROM sessions_outside_days($1, $2::date, $3::date, $4) LIMIT 50`,
      [id, startsOn, endsOn, timeZone],
      em,
    );
  }

  slugTaken(slug: string, em?: EntityManager): Promise<boolean> {
    return this.manager(em).existsBy(EventEntity, { slug });
  }

  insert(values: Partial<EventEntity>, em: EntityManager): Promise<EventEntity> {
    return em.save(em.create(EventEntity, values));
  }

  save(event: EventEntity, em: EntityManager): Promise<EventEntity> {
    return em.save(event);
  }

  /** Publishes a draft; false when it was already published. */
  async publish(id: string, em: EntityManager): Promise<boolean> {
    return (await this.affected(`UPDATE events SET published_at = now(), updated_at = now() WHERE id = $1 AND published_at IS NULL`, [id], em)) > 0;
  }

  /** A page of editions, newest first: every published one, and the drafts named (or all drafts). */
  page(q: { drafts: 'all' | string[]; slug?: string; offset: number; limit: number }): Promise<[EventEntity[], number]> {
    const qb = this.manager().createQueryBuilder(EventEntity, 'e');
    if (q.drafts !== 'all') qb.where('(e.published_at IS NOT NULL OR e.id = ANY(:drafts))', { drafts: q.drafts });
    if (q.slug) qb.andWhere('e.slug = :slug', { slug: q.slug });
    return qb.orderBy('e.starts_on', 'DESC').addOrderBy('e.id').skip(q.offset).take(q.limit).getManyAndCount();
  }
}
