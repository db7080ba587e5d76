import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../access/current-user.decorator.js';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { PageDto } from '../common/pagination/pagination.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { EditionSpeakerResponseDto, ListSpeakersQueryDto } from '../speakers/speakers.dto.js';
import { SessionsService } from './sessions.service.js';

/**
 * The edition's speakers list. It lives here, not in speakers/, because who is in a session is the
 * sessions module's table (`session_people`) and the sessions module already reads profiles
 * through `SpeakersService`; the reverse import would make the two modules depend on each other.
 */
@ApiTags('speakers')
@Controller('events/:eventId/speakers')
export class EditionSpeakersController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "The edition's speakers: everyone in its sessions, in any role (public when published; never an email)" })
  @ApiOkResponse({ type: PageDto(EditionSpeakerResponseDto) })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  list(@Param('eventId', UuidPipe) eventId: string, @Query() q: ListSpeakersQueryDto, @CurrentUser() me?: AuthUser) {
    return this.sessions.editionSpeakers(eventId, q, me);
  }
}
