import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { CfpSettingsEntity } from './cfp-settings.entity.js';

/** An edition's call-for-submissions settings (`cfp_settings`; none: the defaults). */
@Injectable()
export class CfpRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  find(eventId: string, em?: EntityManager): Promise<CfpSettingsEntity | null> {
    return this.manager(em).findOneBy(CfpSettingsEntity, { eventId });
  }

  async upsert(eventId: string, types: CfpSettingsEntity['types'], criteria: CfpSettingsEntity['criteria'], em: EntityManager): Promise<void> {
    await em.upsert(CfpSettingsEntity, { eventId, types, criteria }, ['eventId']);
  }
}
