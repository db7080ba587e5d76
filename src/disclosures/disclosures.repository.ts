import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { DisclosureEntity } from './disclosure.entity.js';

/** What a disclosure says, as responses and statements use it. */
export type DisclosureRow = Pick<DisclosureEntity, 'speakerId' | 'nothingToDisclose' | 'relationships' | 'disclosedAt' | 'validUntil'>;

/** A disclosure as it is written. */
export type DisclosureValues = DisclosureRow & { updatedBy: string };

const SELECT = { speakerId: true, nothingToDisclose: true, relationships: true, disclosedAt: true, validUntil: true } as const;

/** Conflict-of-interest disclosures (`disclosures`). */
@Injectable()
export class DisclosuresRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  find(eventId: string, speakerId: string, em?: EntityManager): Promise<DisclosureRow | null> {
    return this.manager(em).findOne(DisclosureEntity, { select: SELECT, where: { eventId, speakerId } });
  }

  /** The disclosures of these people in the edition, current or not. */
  ofSpeakers(eventId: string, speakerIds: string[], em?: EntityManager): Promise<DisclosureRow[]> {
    return speakerIds.length ? this.manager(em).find(DisclosureEntity, { select: SELECT, where: { eventId, speakerId: In(speakerIds) } }) : Promise.resolve([]);
  }

  /** The disclosures of these people in the edition still valid after `now`. */
  currentOf(eventId: string, speakerIds: string[], now: Date, em?: EntityManager): Promise<DisclosureRow[]> {
    return speakerIds.length ? this.manager(em).find(DisclosureEntity, { select: SELECT, where: { eventId, speakerId: In(speakerIds), validUntil: MoreThan(now) } }) : Promise.resolve([]);
  }

  /** Writes a person's disclosure for the edition, replacing the one before (`disclosures_event_speaker_key`). */
  async upsert(eventId: string, v: DisclosureValues, em: EntityManager): Promise<DisclosureRow> {
    const [row] = await this.rows<DisclosureRow>(
      `INSERT INTO disclosures (event_id, speaker_id, nothing_to_disclose, relationships, disclosed_at, valid_until, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (event_id, speaker_id) DO UPDATE SET nothing_to_disclose = EXCLUDED.nothing_to_disclose,
         relationships = EXCLUDED.relationships, disclosed_at = EXCLUDED.disclosed_at, valid_until = EXCLUDED.valid_until,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING speaker_id AS "speakerId", nothing_to_disclose AS "nothingToDisclose", relationships, disclosed_at AS "disclosedAt", valid_until AS "validUntil"`,
      [eventId, v.speakerId, v.nothingToDisclose, JSON.stringify(v.relationships), v.disclosedAt, v.validUntil, v.updatedBy],
      em,
    );
    return row;
  }
}
