import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { page, type Page, type PaginationQueryDto } from '../common/pagination/pagination.js';
import type { CreateTrackDto, TrackResponseDto, UpdateTrackDto } from './tracks.dto.js';
import { TrackEntity } from './track.entity.js';

export const toTrackResponse = (t: TrackEntity): TrackResponseDto => ({
  id: t.id,
  eventId: t.eventId,
  code: t.code,
  name: t.name,
  colour: t.colour,
  committee: t.committee,
  description: t.description,
  displayOrder: t.displayOrder,
});


const codeTaken = () => new DomainError('DUPLICATE', 'A track with this code exists in the edition', [{ field: 'code', messages: ['is taken in this edition'] }]);

/** Tracks of an edition. Public reads when the edition is published; organisers change them. */
@Injectable()
export class TracksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(eventId: string, q: PaginationQueryDto, user?: AuthUser): Promise<Page<TrackResponseDto>> {
    await this.access.requireVisible(user, eventId);
    const [rows, total] = await this.db.getRepository(TrackEntity).findAndCount({
      where: { eventId },
      order: { displayOrder: 'ASC', code: 'ASC' },
      skip: q.offset,
      take: q.limit,
    });
    return page(rows.map(toTrackResponse), total, q);
  }

  async get(eventId: string, trackId: string, user?: AuthUser): Promise<TrackResponseDto> {
    await this.access.requireVisible(user, eventId);
    const track = await this.db.getRepository(TrackEntity).findOneBy({ eventId, id: trackId });
    if (!track) throw notFound('Track');
    return toTrackResponse(track);
  }

  async create(eventId: string, dto: CreateTrackDto, actor: AuthUser): Promise<TrackResponseDto> {
    return this.db.transaction(async (em) => {
      if (await em.existsBy(TrackEntity, { eventId, code: dto.code })) throw codeTaken();
      const after = toTrackResponse(await em.save(em.create(TrackEntity, { ...dto, eventId })));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'track.create', entityType: 'track', entityId: after.id, after });
      return after;
    });
  }

  async update(eventId: string, trackId: string, dto: UpdateTrackDto, actor: AuthUser): Promise<TrackResponseDto> {
    return this.db.transaction(async (em) => {
      const track = await em.findOne(TrackEntity, { where: { eventId, id: trackId }, lock: { mode: 'pessimistic_write' } });
      if (!track) throw notFound('Track');
      if (dto.code && dto.code !== track.code && (await em.existsBy(TrackEntity, { eventId, code: dto.code }))) throw codeTaken();
      const before = toTrackResponse(track);
      Object.assign(track, dto);
      const after = toTrackResponse(await em.save(track));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'track.update', entityType: 'track', entityId: trackId, before, after });
      return after;
    });
  }

  /** A track still used by sessions is kept (409); a deleted track leaves its chairs' lists. */
  async remove(eventId: string, trackId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const [used]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM sessions WHERE event_id = $1 AND track_id = $2`, [eventId, trackId]);
      if (used.n > 0) throw new DomainError('CONFLICT', `The track is used by ${used.n} session(s); move them first`, { sessions: used.n });
      const [removed]: [TrackEntity[], number] = await em.query(`DELETE FROM tracks WHERE event_id = $1 AND id = $2 RETURNING *`, [eventId, trackId]);
      if (!removed.length) throw notFound('Track');
      await em.query(`UPDATE event_members SET track_ids = array_remove(track_ids, $2::uuid) WHERE event_id = $1 AND $2::uuid = ANY (track_ids)`, [eventId, trackId]);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'track.delete', entityType: 'track', entityId: trackId, before: { code: removed[0].code, name: removed[0].name } });
    });
  }

  /** The ids among `trackIds` that are not tracks of the edition. */
  async unknownTracks(eventId: string, trackIds: string[]): Promise<string[]> {
    if (!trackIds.length) return [];
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM tracks WHERE event_id = $1 AND id = ANY ($2::uuid[])`, [eventId, trackIds]);
    const known = new Set(rows.map((r) => r.id));
    return trackIds.filter((id) => !known.has(id));
  }
}
