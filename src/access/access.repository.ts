import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { EventMemberEntity } from './event-member.entity.js';
import type { EventRole } from './event-role.js';
import type { AccessResource } from './resources.js';

/** One row per role the user holds in the edition (one row with role null when none). */
export interface StandingRow {
  published: boolean;
  role: EventRole | null;
  track_ids: string[] | null;
}

/** Per-edition roles (`event_members`) and the edition of any addressable row. */
@Injectable()
export class AccessRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /** The edition's publication and the user's roles in it; empty when the edition does not exist. */
  standing(eventId: string, userId: string | null, em?: EntityManager): Promise<StandingRow[]> {
    return this.rows<StandingRow>(
      `SELECT e.published, m.role, m.track_ids
         FROM access_editions e LEFT JOIN event_members m ON m.event_id = e.event_id AND m.user_id = $2
        WHERE e.event_id = $1`,
      [eventId, userId],
      em,
    );
  }

  /** The editions in which a user holds any role. */
  async memberEditionIds(userId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ event_id: string }>(`SELECT DISTINCT event_id FROM event_members WHERE user_id = $1`, [userId], em);
    return rows.map((r) => r.event_id);
  }

  /** The edition a row belongs to, or undefined when there is no such row. */
  async editionOf(resource: AccessResource, id: string, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ event_id: string }>(`SELECT event_id FROM access_resources WHERE resource = $1 AND id = $2`, [resource, id], em);
    return row?.event_id;
  }

  members(eventId: string, em?: EntityManager): Promise<EventMemberEntity[]> {
    return this.manager(em).find(EventMemberEntity, { where: { eventId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Every role a user holds, in any edition. */
  membershipsOf(userId: string, em?: EntityManager): Promise<EventMemberEntity[]> {
    return this.manager(em).find(EventMemberEntity, { where: { userId }, order: { role: 'ASC' } });
  }

  /** A track that is deleted leaves its chairs' lists. */
  async forgetTrack(eventId: string, trackId: string, em: EntityManager): Promise<void> {
    await this.affected(`UPDATE event_members SET track_ids = array_remove(track_ids, $2::uuid) WHERE event_id = $1 AND $2::uuid = ANY (track_ids)`, [eventId, trackId], em);
  }

  /** Grants a role (again: replaces the chaired tracks). */
  async grant(eventId: string, userId: string, role: EventRole, trackIds: string[], em?: EntityManager): Promise<EventMemberEntity> {
    await this.manager(em).upsert(EventMemberEntity, { eventId, userId, role, trackIds }, ['eventId', 'userId', 'role']);
    return this.manager(em).findOneByOrFail(EventMemberEntity, { eventId, userId, role });
  }

  /** The edition's owners, locked so that two owners cannot remove each other at once. */
  async lockOwners(eventId: string, em: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ user_id: string }>(`SELECT user_id FROM event_members WHERE event_id = $1 AND role = 'owner' FOR UPDATE`, [eventId], em);
    return rows.map((r) => r.user_id);
  }

  /** Withdraws one role, or all of the user's roles (role null); answers the roles withdrawn. */
  async revoke(eventId: string, userId: string, role: EventRole | null, em?: EntityManager): Promise<EventRole[]> {
    const rows = await this.rows<{ role: EventRole }>(
      `DELETE FROM event_members WHERE event_id = $1 AND user_id = $2 AND ($3::text IS NULL OR role = $3) RETURNING role`,
      [eventId, userId, role],
      em,
    );
    return rows.map((r) => r.role);
  }
}
