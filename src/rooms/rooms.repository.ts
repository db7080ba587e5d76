import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { RoomEntity } from './room.entity.js';

/** Rooms and online channels of an edition (`rooms`). */
@Injectable()
export class RoomsRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  page(eventId: string, offset: number, limit: number): Promise<[RoomEntity[], number]> {
    return this.manager().findAndCount(RoomEntity, { where: { eventId }, order: { kind: 'DESC', displayOrder: 'ASC', createdAt: 'ASC' }, skip: offset, take: limit });
  }

  find(eventId: string, id: string, em?: EntityManager): Promise<RoomEntity | null> {
    return this.manager(em).findOneBy(RoomEntity, { eventId, id });
  }

  findForUpdate(eventId: string, id: string, em: EntityManager): Promise<RoomEntity | null> {
    return em.findOne(RoomEntity, { where: { eventId, id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(values: Partial<RoomEntity>, em: EntityManager): Promise<RoomEntity> {
    return em.save(em.create(RoomEntity, values));
  }

  save(room: RoomEntity, em: EntityManager): Promise<RoomEntity> {
    return em.save(room);
  }

  byIds(eventIds: string[], ids: string[]): Promise<RoomEntity[]> {
    return ids.length ? this.manager().findBy(RoomEntity, { eventId: In([...new Set(eventIds)]), id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /** Deletes a room or channel; undefined when there is none. One used by sessions stays (sessions_room_fkey, sessions_channel_fkey). */
  delete(eventId: string, id: string, em: EntityManager): Promise<Pick<RoomEntity, 'kind' | 'name'> | undefined> {
    return this.first(`DELETE FROM rooms WHERE event_id = $1 AND id = $2 RETURNING kind, name`, [eventId, id], em);
  }

  /** Which of a room id and a channel id are a room and a channel of the edition. */
  async places(eventId: string, roomId: string | null, channelId: string | null, em?: EntityManager): Promise<{ room: boolean; channel: boolean }> {
    const rows = await this.rows<{ id: string; kind: string }>(`SELECT id, kind FROM rooms WHERE event_id = $1 AND id = ANY ($2::uuid[])`, [eventId, [roomId, channelId].filter(Boolean)], em);
    return {
      room: !roomId || rows.some((r) => r.id === roomId && r.kind === 'room'),
      channel: !channelId || rows.some((r) => r.id === channelId && r.kind === 'channel'),
    };
  }
}
