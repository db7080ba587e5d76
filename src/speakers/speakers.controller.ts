import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { PageDto } from '../common/pagination/pagination.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { CreateSpeakerDto, EditionSpeakerResponseDto, ListSpeakersQueryDto, SpeakerResponseDto } from './speakers.dto.js';
import { SpeakersService } from './speakers.service.js';

@ApiTags('speakers')
@Controller('events/:eventId/speakers')
export class SpeakersController {
  constructor(private readonly speakers: SpeakersService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "The edition's speakers: everyone in its sessions, in any role (public when published; never an email)" })
  @ApiOkResponse({ type: PageDto(EditionSpeakerResponseDto) })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  list(@Param('eventId', UuidPipe) eventId: string, @Query() q: ListSpeakersQueryDto, @CurrentUser() me?: AuthUser) {
    return this.speakers.listForEdition(eventId, q, me);
  }

  @Post()
  @Auth('owner', 'organiser', 'track_chair')
  @ApiOperation({ summary: 'Enter a speaker profile for invited faculty (no account); use its id in sessions' })
  @ApiCreatedResponse({ type: SpeakerResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  create(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CreateSpeakerDto, @CurrentUser() me: AuthUser) {
    return this.speakers.createForEdition(eventId, dto, me);
  }
}
