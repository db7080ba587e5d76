import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type EditionAccess } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentAccess, CurrentUser } from '../access/current-user.decorator.js';
import { PageDto, PaginationQueryDto } from '../common/pagination/pagination.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { CreateSessionDto, SessionResponseDto, UpdateSessionDto } from './sessions.dto.js';
import { SessionsService } from './sessions.service.js';

const CLASHES = ['ROOM_OCCUPIED', 'SPEAKER_DOUBLE_BOOKED', 'OUTSIDE_EDITION', 'SLOT_OVERFLOW', 'SLOT_DURATION'] as const;

@ApiTags('sessions')
@Controller('events/:eventId/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @Auth('owner', 'organiser', 'track_chair')
  @ApiOperation({ summary: 'Sessions of an edition in time order, with segments and people (a track chair: those of their tracks; the public view is /programme)' })
  @ApiOkResponse({ type: PageDto(SessionResponseDto) })
  list(@Param('eventId', UuidPipe) eventId: string, @Query() q: PaginationQueryDto, @CurrentAccess() access: EditionAccess) {
    return this.sessions.list(eventId, q, access);
  }

  @Get(':sessionId')
  @Auth('owner', 'organiser', 'track_chair')
  @ApiOperation({ summary: 'One session (a track chair: of their tracks)' })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiErrors('INVALID_PARAMETER')
  get(@Param('eventId', UuidPipe) eventId: string, @Param('sessionId', UuidPipe) sessionId: string, @CurrentAccess() access: EditionAccess) {
    return this.sessions.get(eventId, sessionId, access);
  }

  @Post()
  @Auth('owner', 'organiser', 'track_chair')
  @ApiOperation({
    summary: 'Schedule a session (a track chair: in their tracks only); `template: young_physician` builds talk, commentary and discussion segments',
  })
  @ApiCreatedResponse({ type: SessionResponseDto })
  @ApiErrors('VALIDATION_FAILED', ...CLASHES)
  create(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CreateSessionDto, @CurrentUser() me: AuthUser, @CurrentAccess() access: EditionAccess) {
    return this.sessions.create(eventId, dto, me, access);
  }

  @Patch(':sessionId')
  @Auth('owner', 'organiser', 'track_chair')
  @ApiOperation({
    summary:
      'Change, move or resize a session (every clash is checked again; segments and people, when given, replace the lists; a segment keeps its placed talk when it gives its `id`, or stays at its position, and the talk moves with it)',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', ...CLASHES, 'SEGMENT_HOLDS_TALK', 'TALK_OUTSIDE_SEGMENT')
  update(
    @Param('eventId', UuidPipe) eventId: string,
    @Param('sessionId', UuidPipe) sessionId: string,
    @Body() dto: UpdateSessionDto,
    @CurrentUser() me: AuthUser,
    @CurrentAccess() access: EditionAccess,
  ) {
    return this.sessions.update(eventId, sessionId, dto, me, access);
  }

  @Delete(':sessionId')
  @Auth('owner', 'organiser', 'track_chair')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a session' })
  @ApiNoContentResponse()
  @ApiErrors('INVALID_PARAMETER')
  remove(@Param('eventId', UuidPipe) eventId: string, @Param('sessionId', UuidPipe) sessionId: string, @CurrentUser() me: AuthUser, @CurrentAccess() access: EditionAccess) {
    return this.sessions.remove(eventId, sessionId, me, access);
  }
}
