import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { DisclosureResponseDto, MissingDisclosuresResponseDto, PutDisclosureDto } from './disclosures.dto.js';
import { DisclosureReportService } from './disclosure-report.service.js';
import { DisclosuresService } from './disclosures.service.js';

@ApiTags('disclosures')
@Controller('events/:eventId/disclosures')
export class DisclosuresController {
  constructor(
    private readonly disclosures: DisclosuresService,
    private readonly report: DisclosureReportService,
  ) {}

  @Get('me')
  @Auth()
  @ApiOperation({ summary: "The caller's conflict-of-interest disclosure for the edition" })
  @ApiOkResponse({ type: DisclosureResponseDto })
  @ApiErrors('NOT_FOUND')
  mine(@Param('eventId', UuidPipe) eventId: string, @CurrentUser() me: AuthUser) {
    return this.disclosures.getMine(eventId, me);
  }

  @Put('me')
  @Auth()
  @ApiOperation({ summary: 'Disclose financial relationships of the past twelve months, or nothing to disclose (valid twelve months)' })
  @ApiOkResponse({ type: DisclosureResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  putMine(@Param('eventId', UuidPipe) eventId: string, @Body() dto: PutDisclosureDto, @CurrentUser() me: AuthUser) {
    return this.disclosures.putMine(eventId, me, dto);
  }

  @Get('missing')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Who still owes a current disclosure, per session, and among reviewers' })
  @ApiOkResponse({ type: MissingDisclosuresResponseDto })
  missing(@Param('eventId', UuidPipe) eventId: string) {
    return this.report.missing(eventId);
  }

  @Put('speakers/:speakerId')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Record the disclosure of a person without an account (invited faculty); people with an account disclose themselves (409), audited' })
  @ApiOkResponse({ type: DisclosureResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'SPEAKER_HAS_ACCOUNT')
  putFor(
    @Param('eventId', UuidPipe) eventId: string,
    @Param('speakerId', UuidPipe) speakerId: string,
    @Body() dto: PutDisclosureDto,
    @CurrentUser() me: AuthUser,
  ) {
    return this.disclosures.putFor(eventId, speakerId, dto, me);
  }
}
