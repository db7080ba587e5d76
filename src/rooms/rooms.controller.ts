import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { PageDto, PaginationQueryDto } from '../common/pagination/pagination.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { CreateRoomDto, RoomResponseDto, UpdateRoomDto } from './rooms.dto.js';
import { RoomsService } from './rooms.service.js';

@ApiTags('rooms')
@Controller('events/:eventId/rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Rooms and online channels of an edition (with stream links: organisers only)' })
  @ApiOkResponse({ type: PageDto(RoomResponseDto) })
  list(@Param('eventId', UuidPipe) eventId: string, @Query() q: PaginationQueryDto) {
    return this.rooms.list(eventId, q);
  }

  @Get(':roomId')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'One room or channel' })
  @ApiOkResponse({ type: RoomResponseDto })
  @ApiErrors('INVALID_PARAMETER')
  get(@Param('eventId', UuidPipe) eventId: string, @Param('roomId', UuidPipe) roomId: string) {
    return this.rooms.get(eventId, roomId);
  }

  @Post()
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Add a room (venue, city, capacity) or an online channel (platform, stream link)' })
  @ApiCreatedResponse({ type: RoomResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  create(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CreateRoomDto, @CurrentUser() me: AuthUser) {
    return this.rooms.create(eventId, dto, me);
  }

  @Patch(':roomId')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Change a room or channel (not its kind)' })
  @ApiOkResponse({ type: RoomResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  update(@Param('eventId', UuidPipe) eventId: string, @Param('roomId', UuidPipe) roomId: string, @Body() dto: UpdateRoomDto, @CurrentUser() me: AuthUser) {
    return this.rooms.update(eventId, roomId, dto, me);
  }

  @Delete(':roomId')
  @Auth('owner', 'organiser')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a room or channel that no session uses' })
  @ApiNoContentResponse()
  @ApiErrors('CONFLICT')
  remove(@Param('eventId', UuidPipe) eventId: string, @Param('roomId', UuidPipe) roomId: string, @CurrentUser() me: AuthUser) {
    return this.rooms.remove(eventId, roomId, me);
  }
}
