import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type EditionAccess } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { AuthFor } from '../access/auth.decorator.js';
import { CurrentAccess, CurrentUser } from '../access/current-user.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { MoveTalkDto, PlaceTalkDto, TalkResponseDto } from './submissions.dto.js';
import { TalksService } from './talks.service.js';

const SESSION = { param: 'sessionId', resource: 'session' } as const;
const PLACING_ERRORS = ['VALIDATION_FAILED', 'INVALID_PARAMETER', 'NOT_ACCEPTED', 'NOT_A_TALK_SLOT', 'DUPLICATE', 'SLOT_DURATION', 'SLOT_OVERFLOW', 'SPEAKER_DOUBLE_BOOKED', 'DISCLOSURE_MISSING'] as const;

@ApiTags('submissions')
@Controller('sessions/:sessionId/talks')
export class TalksController {
  constructor(private readonly talks: TalksService) {}

  @Post()
  @AuthFor(SESSION, 'owner', 'organiser', 'track_chair')
  @ApiOperation({ summary: 'Place an accepted or confirmed submission into a talk segment of the session' })
  @ApiCreatedResponse({ type: TalkResponseDto })
  @ApiErrors(...PLACING_ERRORS)
  place(@Param('sessionId', UuidPipe) sessionId: string, @Body() dto: PlaceTalkDto, @CurrentUser() me: AuthUser, @CurrentAccess() access: EditionAccess) {
    return this.talks.place(sessionId, dto, me, access);
  }

  @Patch(':talkId')
  @AuthFor(SESSION, 'owner', 'organiser', 'track_chair')
  @ApiOperation({ summary: 'Move a talk to another talk segment of the session' })
  @ApiOkResponse({ type: TalkResponseDto })
  @ApiErrors(...PLACING_ERRORS)
  move(
    @Param('sessionId', UuidPipe) sessionId: string,
    @Param('talkId', UuidPipe) talkId: string,
    @Body() dto: MoveTalkDto,
    @CurrentUser() me: AuthUser,
    @CurrentAccess() access: EditionAccess,
  ) {
    return this.talks.move(sessionId, talkId, dto, me, access);
  }

  @Delete(':talkId')
  @AuthFor(SESSION, 'owner', 'organiser', 'track_chair')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a talk out of the session (the submission stays accepted and may be placed again)' })
  @ApiNoContentResponse()
  @ApiErrors('INVALID_PARAMETER')
  remove(@Param('sessionId', UuidPipe) sessionId: string, @Param('talkId', UuidPipe) talkId: string, @CurrentUser() me: AuthUser, @CurrentAccess() access: EditionAccess) {
    return this.talks.remove(sessionId, talkId, me, access);
  }
}
