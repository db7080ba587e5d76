import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { PageDto, PaginationQueryDto } from '../common/pagination/pagination.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { CreateTrackDto, TrackResponseDto, UpdateTrackDto } from './tracks.dto.js';
import { TracksService } from './tracks.service.js';

@ApiTags('tracks')
@Controller('events/:eventId/tracks')
export class TracksController {
  constructor(private readonly tracks: TracksService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Tracks of an edition (public when published; drafts: members)' })
  @ApiOkResponse({ type: PageDto(TrackResponseDto) })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  list(@Param('eventId', UuidPipe) eventId: string, @Query() q: PaginationQueryDto, @CurrentUser() me?: AuthUser) {
    return this.tracks.list(eventId, q, me);
  }

  @Get(':trackId')
  @Public()
  @ApiOperation({ summary: 'One track' })
  @ApiOkResponse({ type: TrackResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  get(@Param('eventId', UuidPipe) eventId: string, @Param('trackId', UuidPipe) trackId: string, @CurrentUser() me?: AuthUser) {
    return this.tracks.get(eventId, trackId, me);
  }

  @Post()
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Add a track' })
  @ApiCreatedResponse({ type: TrackResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'DUPLICATE')
  create(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CreateTrackDto, @CurrentUser() me: AuthUser) {
    return this.tracks.create(eventId, dto, me);
  }

  @Patch(':trackId')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Change a track' })
  @ApiOkResponse({ type: TrackResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'DUPLICATE')
  update(@Param('eventId', UuidPipe) eventId: string, @Param('trackId', UuidPipe) trackId: string, @Body() dto: UpdateTrackDto, @CurrentUser() me: AuthUser) {
    return this.tracks.update(eventId, trackId, dto, me);
  }

  @Delete(':trackId')
  @Auth('owner', 'organiser')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a track that no session uses' })
  @ApiNoContentResponse()
  @ApiErrors('CONFLICT')
  remove(@Param('eventId', UuidPipe) eventId: string, @Param('trackId', UuidPipe) trackId: string, @CurrentUser() me: AuthUser) {
    return this.tracks.remove(eventId, trackId, me);
  }
}
