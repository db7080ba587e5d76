import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth, AuthFor } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { AddJurorDto, AddNomineeDto, AwardResponseDto, CreateAwardDto, ScoreDto, ScoreResponseDto, WinnersDto } from './awards.dto.js';
import { AwardsService } from './awards.service.js';

const AWARD = { param: 'awardId', resource: 'award' } as const;

@ApiTags('awards')
@Controller()
export class AwardsController {
  constructor(private readonly awards: AwardsService) {}

  @Get('events/:eventId/awards')
  @Public()
  @ApiOperation({ summary: 'Award categories; winners are public from the ceremony’s start (organisers and jurors see nominees)' })
  @ApiOkResponse({ type: [AwardResponseDto] })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  list(@Param('eventId', UuidPipe) eventId: string, @CurrentUser() me?: AuthUser) {
    return this.awards.list(eventId, me);
  }

  @Post('events/:eventId/awards')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Create an award category with its ceremony (a session or a time)' })
  @ApiCreatedResponse({ type: AwardResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  create(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CreateAwardDto, @CurrentUser() me: AuthUser) {
    return this.awards.create(eventId, dto, me);
  }

  @Post('awards/:awardId/jurors')
  @AuthFor(AWARD, 'owner', 'organiser')
  @ApiOperation({ summary: 'Name a juror of this award' })
  @ApiCreatedResponse({ type: AwardResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  addJuror(@Param('awardId', UuidPipe) awardId: string, @Body() dto: AddJurorDto, @CurrentUser() me: AuthUser) {
    return this.awards.addJuror(awardId, dto.userId, me);
  }

  @Post('awards/:awardId/nominees')
  @AuthFor(AWARD, 'owner', 'organiser')
  @ApiOperation({ summary: 'Nominate a submission or a person' })
  @ApiCreatedResponse({ type: AwardResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'DUPLICATE')
  addNominee(@Param('awardId', UuidPipe) awardId: string, @Body() dto: AddNomineeDto, @CurrentUser() me: AuthUser) {
    return this.awards.addNominee(awardId, dto, me);
  }

  @Post('awards/:awardId/scores')
  @Auth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A juror scores a nominee (1–10; again to revise); never their own or a co-author’s work' })
  @ApiOkResponse({ type: ScoreResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'NOT_FOUND', 'NOT_A_JUROR', 'OWN_WORK', 'CO_AUTHOR_CONFLICT')
  score(@Param('awardId', UuidPipe) awardId: string, @Body() dto: ScoreDto, @CurrentUser() me: AuthUser) {
    return this.awards.score(awardId, dto, me);
  }

  @Post('awards/:awardId/winners')
  @AuthFor(AWARD, 'owner', 'organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the winners (public from the ceremony’s start)' })
  @ApiOkResponse({ type: AwardResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  winners(@Param('awardId', UuidPipe) awardId: string, @Body() dto: WinnersDto, @CurrentUser() me: AuthUser) {
    return this.awards.confirmWinners(awardId, dto.nomineeIds, me);
  }
}
