import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository.js';
import { SpeakerEntity } from './speaker.entity.js';

/** What a profile is written with. */
export type SpeakerValues = Pick<SpeakerEntity, 'name' | 'honorific' | 'titles' | 'affiliations' | 'country' | 'bio' | 'photoUrl'>;

/** Every column, aliased to the entity's property names. */
const COLUMNS = `id, user_id AS "userId", name, honorific, titles, affiliations, country, bio, photo_url AS "photoUrl", orcid, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Speaker profiles (`speakers`). */
@Injectable()
export class SpeakersRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /** One account's own profile. */
  findByUser(userId: string, em?: EntityManager): Promise<SpeakerEntity | null> {
    return this.manager(em).findOneBy(SpeakerEntity, { userId });
  }

  /** A new profile without an account (invited faculty). */
  insert(values: SpeakerValues, em?: EntityManager): Promise<SpeakerEntity> {
    const m = this.manager(em);
    return m.save(m.create(SpeakerEntity, { ...values, userId: null }));
  }

  /** Creates or replaces an account's profile (one per account: `speakers_user_key`); answers its id. */
  async upsertForUser(userId: string, v: SpeakerValues & { orcid: string | null }, em?: EntityManager): Promise<string> {
    const [row] = await this.rows<Pick<SpeakerEntity, 'id'>>(
      `INSERT INTO speakers (user_id, name, honorific, titles, affiliations, country, bio, photo_url, orcid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, honorific = EXCLUDED.honorific, titles = EXCLUDED.titles,
         affiliations = EXCLUDED.affiliations, country = EXCLUDED.country, bio = EXCLUDED.bio, photo_url = EXCLUDED.photo_url,
         orcid = EXCLUDED.orcid, updated_at = now()
       RETURNING id`,
      [userId, JSON.stringify(v.name), v.honorific, JSON.stringify(v.titles), JSON.stringify(v.affiliations), v.country, v.bio ? JSON.stringify(v.bio) : null, v.photoUrl, v.orcid],
      em,
    );
    return row.id;
  }

  /** Gives each account without a profile one named after it (`name`: the account's name); answers account → profile id. */
  async ensureForUsers(users: { id: string; name: string }[], em: EntityManager): Promise<Map<string, string>> {
    if (!users.length) return new Map();
    await this.affected(
      `INSERT INTO speakers (user_id, name) SELECT u.id, jsonb_build_object('en', u.name) FROM unnest($1::uuid[], $2::text[]) AS u(id, name)
       ON CONFLICT (user_id) DO NOTHING`,
      [users.map((u) => u.id), users.map((u) => u.name)],
      em,
    );
    const rows = await this.manager(em).find(SpeakerEntity, { select: { id: true, userId: true }, where: { userId: In(users.map((u) => u.id)) } });
    return new Map(rows.map((r) => [r.userId!, r.id]));
  }

  /** A page of the profiles among `ids`, by name (English, else Chinese), and how many of them exist. */
  async pageOf(ids: string[], offset: number, limit: number): Promise<[SpeakerEntity[], number]> {
    const [rows, [{ n }]] = await Promise.all([
      this.rows<SpeakerEntity>(
        `SELECT ${COLUMNS} FROM speakers WHERE id = ANY ($1::uuid[]) ORDER BY coalesce(name->>'en', name->>'zh'), id LIMIT $2 OFFSET $3`,
        [ids, limit, offset],
      ),
      this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM speakers WHERE id = ANY ($1::uuid[])`, [ids]),
    ]);
    return [rows, n];
  }

  /** The profiles of these accounts (those that have one). */
  byUsers(userIds: string[], em?: EntityManager): Promise<SpeakerEntity[]> {
    return userIds.length ? this.manager(em).findBy(SpeakerEntity, { userId: In([...new Set(userIds)]) }) : Promise.resolve([]);
  }

  /** The profile's account, with the row share-locked for the caller's transaction (null: no such profile). */
  async lockAccountOf(speakerId: string, em: EntityManager): Promise<{ userId: string | null } | null> {
    return (await this.first<{ userId: string | null }>(`SELECT user_id AS "userId" FROM speakers WHERE id = $1 FOR SHARE`, [speakerId], em)) ?? null;
  }

  /** Profiles by id (those that exist). */
  byIds(ids: string[], em?: EntityManager): Promise<SpeakerEntity[]> {
    return ids.length ? this.manager(em).findBy(SpeakerEntity, { id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }
}
