import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { SessionEntity } from './session.entity.js';

/** Where and how a session happens, as other modules need it (seats, streams, agendas, credits). */
export type SessionPlace = Pick<SessionEntity, 'id' | 'eventId' | 'format' | 'roomId' | 'channelId' | 'startsAt' | 'endsAt' | 'title'>;

/** Sessions of the programme (`sessions`, `session_segments`, `session_people`). */
@Injectable()
export class SessionsRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  place(sessionId: string, em?: EntityManager): Promise<SessionPlace | null> {
    return this.manager(em).findOne(SessionEntity, {
      select: { id: true, eventId: true, format: true, roomId: true, channelId: true, startsAt: true, endsAt: true, title: true },
      where: { id: sessionId },
    });
  }

  /** Whole session rows by id (in any edition), for modules that show sessions they refer to. */
  byIds(ids: string[], em?: EntityManager): Promise<SessionEntity[]> {
    return ids.length ? this.manager(em).findBy(SessionEntity, { id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }
}
