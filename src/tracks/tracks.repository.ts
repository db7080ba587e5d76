import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { TrackEntity } from './track.entity.js';

/** Tracks of an edition (`tracks`). */
@Injectable()
export class TracksRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  page(eventId: string, offset: number, limit: number): Promise<[TrackEntity[], number]> {
    return this.manager().findAndCount(TrackEntity, { where: { eventId }, order: { displayOrder: 'ASC', code: 'ASC' }, skip: offset, take: limit });
  }

  find(eventId: string, id: string, em?: EntityManager): Promise<TrackEntity | null> {
    return this.manager(em).findOneBy(TrackEntity, { eventId, id });
  }

  findForUpdate(eventId: string, id: string, em: EntityManager): Promise<TrackEntity | null> {
    return em.findOne(TrackEntity, { where: { eventId, id }, lock: { mode: 'pessimistic_write' } });
  }

  codeTaken(eventId: string, code: string, em?: EntityManager): Promise<boolean> {
    return this.manager(em).existsBy(TrackEntity, { eventId, code });
  }

  insert(values: Partial<TrackEntity>, em: EntityManager): Promise<TrackEntity> {
    return em.save(em.create(TrackEntity, values));
  }

  save(track: TrackEntity, em: EntityManager): Promise<TrackEntity> {
    return em.save(track);
  }

  /** Deletes a track; undefined when there is none. A track still used by sessions stays (sessions_track_fkey). */
  delete(eventId: string, id: string, em: EntityManager): Promise<Pick<TrackEntity, 'code' | 'name'> | undefined> {
    return this.first(`DELETE FROM tracks WHERE event_id = $1 AND id = $2 RETURNING code, name`, [eventId, id], em);
  }

  /** The ids among `ids` that are tracks of the edition. */
  async existing(eventId: string, ids: string[], em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(`SELECT id FROM tracks WHERE event_id = $1 AND id = ANY ($2::uuid[])`, [eventId, ids], em);
    return rows.map((r) => r.id);
  }

  /** Every track of the edition. */
  ofEdition(eventId: string): Promise<TrackEntity[]> {
    return this.manager().findBy(TrackEntity, { eventId });
  }
}
