import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { notFound } from '../common/errors/domain-error.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { page, type Page } from '../common/pagination/pagination.js';
import type { CreateSpeakerDto, EditionSpeakerResponseDto, ListSpeakersQueryDto, MySpeakerProfileResponseDto, PutSpeakerProfileDto, SpeakerResponseDto } from './speakers.dto.js';
import { toMySpeakerProfile } from './speakers.mapper.js';
import { SpeakerEntity } from './speaker.entity.js';
import { SpeakersRepository } from './speakers.repository.js';

interface SpeakerRow {
  id: string;
  name: LocalizedText;
  honorific: string | null;
  titles: LocalizedText[];
  affiliations: LocalizedText[];
  country: string | null;
  bio: LocalizedText | null;
  photo_url: string | null;
}

export const toSpeakerResponse = (s: SpeakerRow): SpeakerResponseDto => ({
  id: s.id,
  name: s.name,
  honorific: s.honorific,
  titles: s.titles,
  affiliations: s.affiliations,
  country: s.country,
  bio: s.bio,
  photoUrl: s.photo_url,
});

/** Speaker profiles as an edition uses them. */
@Injectable()
export class SpeakersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SpeakersRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** Profiles by id (those that exist), for modules that name the people in their rows. */
  byIds(ids: string[], em?: EntityManager): Promise<SpeakerEntity[]> {
    return this.repo.byIds(ids, em);
  }

  /** Organisers enter invited faculty: a profile without an account, usable in sessions at once. */
  async createForEdition(eventId: string, dto: CreateSpeakerDto, actor: AuthUser): Promise<SpeakerResponseDto> {
    return this.db.transaction(async (em) => {
      const saved = await em.save(em.create(SpeakerEntity, { ...dto, titles: dto.titles ?? [], affiliations: dto.affiliations ?? [] }));
      const after = toSpeakerResponse({ ...saved, photo_url: saved.photoUrl });
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'speaker.create', entityType: 'speaker', entityId: saved.id, after });
      return after;
    });
  }

  /** People in the edition's sessions, in any role (public when published; drafts: members). */
  async listForEdition(eventId: string, q: ListSpeakersQueryDto, user?: AuthUser): Promise<Page<EditionSpeakerResponseDto>> {
    await this.access.requireVisible(user, eventId);
    const rows: (SpeakerRow & { roles: string[]; sessions: number; total: number })[] = await this.db.query(
      `WITH people AS (
         SELECT speaker_id, array_agg(DISTINCT role ORDER BY role) AS roles, count(DISTINCT session_id)::int AS sessions
           FROM session_people WHERE event_id = $1 GROUP BY speaker_id)
       SELECT s.id, s.name, s.honorific, s.titles, s.affiliations, s.country, s.bio, s.photo_url, p.roles, p.sessions,
              count(*) OVER ()::int AS total
         FROM people p JOIN speakers s ON s.id = p.speaker_id
        ORDER BY coalesce(s.name->>'en', s.name->>'zh'), s.id
        LIMIT $2 OFFSET $3`,
      [eventId, q.limit, q.offset],
    );
    const total = rows[0]?.total ?? (q.offset > 0 ? (await this.db.query(`SELECT count(DISTINCT speaker_id)::int AS n FROM session_people WHERE event_id = $1`, [eventId]))[0].n : 0);
    return page(rows.map((r) => ({ ...toSpeakerResponse(r), roles: r.roles, sessions: r.sessions })), total, q);
  }

  async getMine(me: AuthUser): Promise<MySpeakerProfileResponseDto> {
    const s = await this.db.getRepository(SpeakerEntity).findOne({ where: { userId: me.id } });
    if (!s) throw notFound('Speaker profile');
    return toMySpeakerProfile(s);
  }

  /** Creates or replaces the caller's profile (one per account: UNIQUE (user_id)). */
  async putMine(me: AuthUser, dto: PutSpeakerProfileDto): Promise<MySpeakerProfileResponseDto> {
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO speakers (user_id, name, honorific, titles, affiliations, country, bio, photo_url, orcid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, honorific = EXCLUDED.honorific, titles = EXCLUDED.titles,
         affiliations = EXCLUDED.affiliations, country = EXCLUDED.country, bio = EXCLUDED.bio, photo_url = EXCLUDED.photo_url,
         orcid = EXCLUDED.orcid, updated_at = now()
       RETURNING id`,
      [
        me.id,
        JSON.stringify(dto.name),
        dto.honorific ?? null,
        JSON.stringify(dto.titles ?? []),
        JSON.stringify(dto.affiliations ?? []),
        dto.country?.toUpperCase() ?? null,
        dto.bio ? JSON.stringify(dto.bio) : null,
        dto.photoUrl ?? null,
        dto.orcid ?? null,
      ],
    );
    return toMySpeakerProfile(await this.db.getRepository(SpeakerEntity).findOneByOrFail({ id: row.id }));
  }

  /**
   * The speaker profile of each account, made from the account's name where the person has none
   * yet (used when a talk is placed: session_people needs a profile).
   */
  async ensureProfiles(em: EntityManager, userIds: string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    await em.query(
      `INSERT INTO speakers (user_id, name) SELECT u.id, jsonb_build_object('en', u.name) FROM users u WHERE u.id = ANY($1::uuid[])
       ON CONFLICT (user_id) DO NOTHING`,
      [userIds],
    );
    const rows: { id: string; user_id: string }[] = await em.query(`SELECT id, user_id FROM speakers WHERE user_id = ANY($1::uuid[])`, [userIds]);
    return new Map(rows.map((r) => [r.user_id, r.id]));
  }
}
