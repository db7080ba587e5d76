import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { page, type Page, type PaginationQueryDto } from '../common/pagination/pagination.js';
import type { CreateRoomDto, RoomResponseDto, UpdateRoomDto } from './rooms.dto.js';
import { RoomEntity, type RoomKind } from './room.entity.js';

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
    private readonly audit: AuditService,
  ) {}

  async list(eventId: string, q: PaginationQueryDto): Promise<Page<RoomResponseDto>> {
    const [rows, total] = await this.db.getRepository(RoomEntity).findAndCount({
      where: { eventId },
      order: { kind: 'DESC', displayOrder: 'ASC', createdAt: 'ASC' },
      skip: q.offset,
      take: q.limit,
    });
    return page(rows.map(toRoomResponse), total, q);
  }

  async get(eventId: string, roomId: string): Promise<RoomResponseDto> {
    const room = await this.db.getRepository(RoomEntity).findOneBy({ eventId, id: roomId });
    if (!room) throw notFound('Room');
    return toRoomResponse(room);
  }

  async create(eventId: string, dto: CreateRoomDto, actor: AuthUser): Promise<RoomResponseDto> {
    checkRoomFields(dto.kind, dto);
    return this.db.transaction(async (em) => {
      const after = toRoomResponse(await em.save(em.create(RoomEntity, { ...dto, eventId })));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'room.create', entityType: 'room', entityId: after.id, after: auditable(after) });
      return after;
    });
  }

  async update(eventId: string, roomId: string, dto: UpdateRoomDto, actor: AuthUser): Promise<RoomResponseDto> {
    return this.db.transaction(async (em) => {
      const room = await em.findOne(RoomEntity, { where: { eventId, id: roomId }, lock: { mode: 'pessimistic_write' } });
      if (!room) throw notFound('Room');
      checkRoomFields(room.kind, dto);
      const before = toRoomResponse(room);
      Object.assign(room, dto);
      const after = toRoomResponse(await em.save(room));
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'room.update', entityType: 'room', entityId: roomId, before: auditable(before), after: auditable(after) });
      return after;
    });
  }

  async remove(eventId: string, roomId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const [used]: { n: number }[] = await em.query(
        `SELECT count(*)::int AS n FROM sessions WHERE event_id = $1 AND (room_id = $2 OR channel_id = $2)`,
        [eventId, roomId],
      );
      if (used.n > 0) throw new DomainError('CONFLICT', `The room or channel is used by ${used.n} session(s); move them first`, { sessions: used.n });
      const [removed]: [{ kind: string; name: unknown }[], number] = await em.query(`DELETE FROM rooms WHERE event_id = $1 AND id = $2 RETURNING kind, name`, [eventId, roomId]);
      if (!removed.length) throw notFound('Room');
      await this.audit.record(em, { eventId, actorId: actor.id, action: 'room.delete', entityType: 'room', entityId: roomId, before: removed[0] });
    });
  }
}
