import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { page, type Page, type PaginationQueryDto } from '../common/pagination/pagination.js';
import type { CreateRoomDto, RoomResponseDto, UpdateRoomDto } from './rooms.dto.js';
import type { RoomEntity, RoomKind } from './room.entity.js';
import { RoomsRepository } from './rooms.repository.js';

export const toRoomResponse = (r: RoomEntity): RoomResponseDto => ({
  id: r.id,
  eventId: r.eventId,
  kind: r.kind,
  name: r.name,
  venue: r.venue,
  city: r.city,
  capacity: r.capacity,
  platform: r.platform,
  streamUrl: r.streamUrl,
  displayOrder: r.displayOrder,
});

/** What an audit entry keeps of a room: everything but the stream link. */
const auditable = (r: RoomResponseDto) => ({ ...r, streamUrl: r.streamUrl ? '(set)' : null });


const ROOM_ONLY = ['venue', 'city', 'capacity'] as const;
const CHANNEL_ONLY = ['platform', 'streamUrl'] as const;

/** A room takes venue, city and capacity; a channel platform and stream link. */
export function checkRoomFields(kind: RoomKind, dto: Partial<CreateRoomDto>) {
  const wrong = (kind === 'room' ? CHANNEL_ONLY : ROOM_ONLY).filter((f) => dto[f] !== undefined && dto[f] !== null);
  if (wrong.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      wrong.map((f) => `${f}: not for a ${kind}`).join('; '),
      wrong.map((f) => ({ field: f, messages: [`not for a ${kind}`] })),
    );
  }
}

/** Rooms and online channels of an edition (organisers). */
@Injectable()
export class RoomsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: RoomsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(eventId: string, q: PaginationQueryDto): Promise<Page<RoomResponseDto>> {
    const [rows, total] = await this.repo.page(eventId, q.offset, q.limit);
    return page(rows.map(toRoomResponse), total, q);
  }

  async get(eventId: string, roomId: string): Promise<RoomResponseDto> {
    const room = await this.repo.find(eventId, roomId);
    if (!room) throw notFound('Room');
    return toRoomResponse(room);
  }

  async create(eventId: string, dto: CreateRoomDto, actor: AuthUser): Promise<RoomResponseDto> {
    checkRoomFields(dto.kind, dto);
    return this.db.transaction(async (em) => {
      const after = toRoomResponse(await this.repo.insert({ ...dto, eventId }, em));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'room.create', entityType: 'room', entityId: after.id, after: auditable(after) });
      return after;
    });
  }

  async update(eventId: string, roomId: string, dto: UpdateRoomDto, actor: AuthUser): Promise<RoomResponseDto> {
    return this.db.transaction(async (em) => {
      const room = await this.repo.findForUpdate(eventId, roomId, em);
      if (!room) throw notFound('Room');
      checkRoomFields(room.kind, dto);
      const before = toRoomResponse(room);
      Object.assign(room, dto);
      const after = toRoomResponse(await this.repo.save(room, em));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'room.update', entityType: 'room', entityId: roomId, before: auditable(before), after: auditable(after) });
      return after;
    });
  }

  /** A room or channel still used by sessions is kept: the database refuses (409 CONFLICT). */
  async remove(eventId: string, roomId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const removed = await this.repo.delete(eventId, roomId, em);
      if (!removed) throw notFound('Room');
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'room.delete', entityType: 'room', entityId: roomId, before: removed });
    });
  }

  /** Rooms and channels by id (for modules that show where a session happens). */
  byIds(eventIds: string[], ids: string[]): Promise<RoomEntity[]> {
    return this.repo.byIds(eventIds, ids);
  }

  /** The stream of an online channel (only SeatsService hands it out, to admitted registrants). */
  async streamOf(eventId: string, channelId: string): Promise<Pick<RoomEntity, 'streamUrl' | 'platform'> | null> {
    return this.repo.find(eventId, channelId);
  }

  /** Which of a room id and a channel id are a room and a channel of the edition (sessions check their place). */
  places(eventId: string, roomId: string | null, channelId: string | null, em?: EntityManager) {
    return this.repo.places(eventId, roomId, channelId, em);
  }
}
