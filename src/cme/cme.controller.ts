import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth, AuthFor } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { AttendanceResponseDto, CertificateVerificationDto, ClaimAttendanceDto, CmeQueryDto, PutSessionCmeDto, SessionCmeResponseDto, TranscriptResponseDto } from './cme.dto.js';
import { CmeService } from './cme.service.js';

const SESSION = { param: 'sessionId', resource: 'session' } as const;

@ApiTags('cme')
@Controller()
export class CmeController {
  constructor(private readonly cme: CmeService) {}

  @Get('sessions/:sessionId/cme')
  @AuthFor(SESSION, 'owner', 'organiser')
  @ApiOperation({ summary: 'A session’s CME credit hours and its current attendance code (organisers)' })
  @ApiOkResponse({ type: SessionCmeResponseDto })
  @ApiErrors('INVALID_PARAMETER')
  settings(@Param('sessionId', UuidPipe) sessionId: string) {
    return this.cme.settings(sessionId);
  }

  @Put('sessions/:sessionId/cme')
  @AuthFor(SESSION, 'owner', 'organiser')
  @ApiOperation({ summary: 'Set a session’s credit hours (null: derived from its length; none for satellites, breaks, ceremonies)' })
  @ApiOkResponse({ type: SessionCmeResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  setCredits(@Param('sessionId', UuidPipe) sessionId: string, @Body() dto: PutSessionCmeDto, @CurrentUser() me: AuthUser) {
    return this.cme.setCredits(sessionId, dto.creditHours, me);
  }

  @Post('sessions/:sessionId/cme/code')
  @HttpCode(200)
  @AuthFor(SESSION, 'owner', 'organiser')
  @ApiOperation({ summary: 'Rotate the session’s attendance code (the old code stops working)' })
  @ApiOkResponse({ type: SessionCmeResponseDto })
  @ApiErrors('INVALID_PARAMETER')
  rotate(@Param('sessionId', UuidPipe) sessionId: string, @CurrentUser() me: AuthUser) {
    return this.cme.rotateCode(sessionId, me);
  }

  @Post('sessions/:sessionId/attendance')
  @Auth()
  @ApiOperation({
    summary:
      'Claim CME attendance while the session runs: `{ code }` by the attendee, or `{ ticketToken }` by organisers and the session’s chairs and moderators; needs a confirmed registration whose mode admits the session',
  })
  @ApiCreatedResponse({ type: AttendanceResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'NOT_FOUND', 'FORBIDDEN', 'ATTENDANCE_CODE_INVALID', 'NOT_ADMITTED', 'ATTENDANCE_CLOSED', 'ALREADY_CLAIMED')
  @HttpCode(201)
  claim(@Param('sessionId', UuidPipe) sessionId: string, @Body() dto: ClaimAttendanceDto, @CurrentUser() me: AuthUser) {
    return this.cme.claim(sessionId, dto, me);
  }

  @Get('me/cme')
  @Auth()
  @ApiOperation({ summary: 'The caller’s CME transcript for an edition: sessions, hours, total' })
  @ApiOkResponse({ type: TranscriptResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  transcript(@Query() q: CmeQueryDto, @CurrentUser() me: AuthUser) {
    return this.cme.transcript(q.eventId, me);
  }

  @Get('me/cme/certificate')
  @Auth()
  @ApiOperation({ summary: 'The caller’s CME certificate (PDF) once the edition’s claims are closed' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'A PDF: name, edition, dates, hours and a verification code', schema: { type: 'string', format: 'binary' } })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'CME_CLAIMS_OPEN', 'NO_CME_CREDITS')
  async certificate(@Query() q: CmeQueryDto, @CurrentUser() me: AuthUser) {
    const pdf = await this.cme.certificate(q.eventId, me);
    return new StreamableFile(Buffer.from(pdf), { type: 'application/pdf', disposition: 'attachment; filename="cme-certificate.pdf"' });
  }

  @Get('certificates/:code')
  @Public()
  @ApiOperation({ summary: 'Verify a CME certificate: name, edition and hours (nothing else)' })
  @ApiOkResponse({ type: CertificateVerificationDto })
  @ApiErrors('NOT_FOUND')
  verify(@Param('code') code: string) {
    return this.cme.verify(code.slice(0, 64));
  }
}
