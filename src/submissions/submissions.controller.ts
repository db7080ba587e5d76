import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type EditionAccess } from '../access/edition-access.js';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentAccess, CurrentUser } from '../access/current-user.decorator.js';
import { PageDto, PaginationQueryDto } from '../common/pagination/pagination.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import {
  CreateSubmissionDto,
  DecisionDto,
  ListSubmissionsQueryDto,
  ReviewDto,
  ReviewResponseDto,
  StaffSubmissionResponseDto,
  SubmissionResponseDto,
  UpdateSubmissionDto,
} from './submissions.dto.js';
import { SubmissionsService } from './submissions.service.js';

@ApiTags('submissions')
@Controller()
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post('events/:eventId/submissions')
  @Auth()
  @ApiOperation({ summary: 'Submit a talk or abstract (as a draft, or at once with submit: true) while the call is open' })
  @ApiCreatedResponse({ type: SubmissionResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'NOT_FOUND', 'CFP_CLOSED')
  create(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CreateSubmissionDto, @CurrentUser() me: AuthUser) {
    return this.submissions.create(eventId, dto, me);
  }

  @Get('events/:eventId/submissions/mine')
  @Auth()
  @ApiOperation({ summary: 'My submissions to the edition (as primary or co-speaker, or invited by email)' })
  @ApiOkResponse({ type: PageDto(SubmissionResponseDto) })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  mine(@Param('eventId', UuidPipe) eventId: string, @Query() q: PaginationQueryDto, @CurrentUser() me: AuthUser) {
    return this.submissions.listMine(eventId, me, q);
  }

  @Get('events/:eventId/submissions')
  @Auth('owner', 'organiser', 'reviewer', 'track_chair')
  @ApiOperation({ summary: 'Submissions (not drafts) with mean score and number of reviews; track chairs see their tracks only' })
  @ApiOkResponse({ type: PageDto(StaffSubmissionResponseDto) })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  list(@Param('eventId', UuidPipe) eventId: string, @Query() q: ListSubmissionsQueryDto, @CurrentAccess() access: EditionAccess) {
    return this.submissions.listForStaff(eventId, access, q);
  }

  @Get('submissions/:id')
  @Auth()
  @ApiOperation({ summary: 'One of my submissions (anyone else: 404)' })
  @ApiOkResponse({ type: SubmissionResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  get(@Param('id', UuidPipe) id: string, @CurrentUser() me: AuthUser) {
    return this.submissions.getOwn(id, me);
  }

  @Patch('submissions/:id')
  @Auth()
  @ApiOperation({ summary: 'Edit my submission (while the call is open and before a decision)' })
  @ApiOkResponse({ type: SubmissionResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'NOT_FOUND', 'CFP_CLOSED', 'SUBMISSION_FROZEN')
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateSubmissionDto, @CurrentUser() me: AuthUser) {
    return this.submissions.update(id, dto, me);
  }

  @Post('submissions/:id/submit')
  @Auth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a draft for review (draft → submitted)' })
  @ApiOkResponse({ type: SubmissionResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND', 'CFP_CLOSED', 'INVALID_TRANSITION')
  submit(@Param('id', UuidPipe) id: string, @CurrentUser() me: AuthUser) {
    return this.submissions.transition(id, 'submit', me);
  }

  @Post('submissions/:id/confirm')
  @Auth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm that I will present (accepted → confirmed)' })
  @ApiOkResponse({ type: SubmissionResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND', 'INVALID_TRANSITION')
  confirm(@Param('id', UuidPipe) id: string, @CurrentUser() me: AuthUser) {
    return this.submissions.transition(id, 'confirm', me);
  }

  @Post('submissions/:id/withdraw')
  @Auth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw my submission (any time before it is scheduled)' })
  @ApiOkResponse({ type: SubmissionResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND', 'INVALID_TRANSITION')
  withdraw(@Param('id', UuidPipe) id: string, @CurrentUser() me: AuthUser) {
    return this.submissions.transition(id, 'withdraw', me);
  }

  @Post('submissions/:id/reviews')
  @Auth()
  @ApiOperation({ summary: "Score a submission on the edition's criteria (reviewers; track chairs of its track). A second POST revises the review" })
  @ApiCreatedResponse({ type: ReviewResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'FORBIDDEN', 'NOT_FOUND', 'OWN_SUBMISSION', 'NOT_UNDER_REVIEW')
  review(@Param('id', UuidPipe) id: string, @Body() dto: ReviewDto, @CurrentUser() me: AuthUser) {
    return this.submissions.review(id, dto, me);
  }

  @Post('submissions/:id/decision')
  @Auth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept or reject (organisers; track chairs of its track); an accepted abstract is marked oral or poster' })
  @ApiOkResponse({ type: StaffSubmissionResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'FORBIDDEN', 'NOT_FOUND', 'OWN_SUBMISSION', 'INVALID_TRANSITION', 'DISCLOSURE_MISSING')
  decide(@Param('id', UuidPipe) id: string, @Body() dto: DecisionDto, @CurrentUser() me: AuthUser) {
    return this.submissions.decide(id, dto, me);
  }
}
