import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { SpeakerEntity } from './speaker.entity.js';

/** Speaker profiles (`speakers`). */
@Injectable()
export class SpeakersRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /** Profiles by id (those that exist). */
  byIds(ids: string[], em?: EntityManager): Promise<SpeakerEntity[]> {
    return ids.length ? this.manager(em).findBy(SpeakerEntity, { id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }
}
