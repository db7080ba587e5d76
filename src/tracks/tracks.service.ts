import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { page, type Page, type PaginationQueryDto } from '../common/pagination/pagination.js';
import type { CreateTrackDto, TrackResponseDto, UpdateTrackDto } from './tracks.dto.js';
import type { TrackEntity } from './track.entity.js';
import { TracksRepository } from './tracks.repository.js';

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
    private readonly repo: TracksRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(eventId: string, q: PaginationQueryDto, user?: AuthUser): Promise<Page<TrackResponseDto>> {
    await this.access.requireVisible(user, eventId);
    const [rows, total] = await this.repo.page(eventId, q.offset, q.limit);
    return page(rows.map(toTrackResponse), total, q);
  }

  async get(eventId: string, trackId: string, user?: AuthUser): Promise<TrackResponseDto> {
    await this.access.requireVisible(user, eventId);
    const track = await this.repo.find(eventId, trackId);
    if (!track) throw notFound('Track');
    return toTrackResponse(track);
  }

  async create(eventId: string, dto: CreateTrackDto, actor: AuthUser): Promise<TrackResponseDto> {
    return this.db.transaction(async (em) => {
      if (await this.repo.codeTaken(eventId, dto.code, em)) throw codeTaken();
      const after = toTrackResponse(await this.repo.insert({ ...dto, eventId }, em));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'track.create', entityType: 'track', entityId: after.id, after });
      return after;
    });
  }

  async update(eventId: string, trackId: string, dto: UpdateTrackDto, actor: AuthUser): Promise<TrackResponseDto> {
    return this.db.transaction(async (em) => {
      const track = await this.repo.findForUpdate(eventId, trackId, em);
      if (!track) throw notFound('Track');
      if (dto.code && dto.code !== track.code && (await this.repo.codeTaken(eventId, dto.code, em))) throw codeTaken();
      const before = toTrackResponse(track);
      Object.assign(track, dto);
      const after = toTrackResponse(await this.repo.save(track, em));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'track.update', entityType: 'track', entityId: trackId, before, after });
      return after;
    });
  }

  /**
   * A track still used by sessions is kept: the database refuses (sessions_track_fkey → 409
   * CONFLICT). A deleted track leaves its chairs' lists.
   */
  async remove(eventId: string, trackId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const removed = await this.repo.delete(eventId, trackId, em);
      if (!removed) throw notFound('Track');
      await this.access.forgetTrack(eventId, trackId, em);
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'track.delete', entityType: 'track', entityId: trackId, before: { code: removed.code, name: removed.name } });
    });
  }

  /** The ids among `trackIds` that are not tracks of the edition. */
  async unknownTracks(eventId: string, trackIds: string[], em?: EntityManager): Promise<string[]> {
    if (!trackIds.length) return [];
    const known = new Set(await this.repo.existing(eventId, trackIds, em));
    return trackIds.filter((id) => !known.has(id));
  }

  /** Every track of the edition (for modules that name tracks in reports). */
  ofEdition(eventId: string): Promise<TrackEntity[]> {
    return this.repo.ofEdition(eventId);
  }
}
