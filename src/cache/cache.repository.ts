import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import type { ContentVersionEntity } from './content-version.entity.js';

@Injectable()
export class CacheRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /** Every edition's content version (one row per edition that ever changed). */
  async contentVersions(em?: EntityManager): Promise<ContentVersionEntity[]> {
    return this.rows<ContentVersionEntity>(`SELECT event_id AS "eventId", version::text AS version FROM content_versions`, [], em);
  }
}
