import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth, AuthFor } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import {
  AccreditationResponseDto,
  AttendanceResponseDto,
  CertificateNameDto,
  CertificateVerificationDto,
  ClaimAttendanceDto,
  CmeQueryDto,
  PutAccreditationDto,
  PutSessionCmeDto,
  RevokeCertificateDto,
  SessionCmeResponseDto,
  TranscriptResponseDto,
} from './cme.dto.js';
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
  @ApiOkResponse({
    description:
      'A landscape A4 PDF in Chinese and English: logo, edition, name, place and dates, designation statement with credit category and activity number, credits in total and per session, signatures, issue date, and a QR code of the absolute verification URL',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'CME_CLAIMS_OPEN', 'NO_CME_CREDITS', 'ACCREDITATION_MISSING', 'CERTIFICATE_REVOKED')
  async certificate(@Query() q: CmeQueryDto, @CurrentUser() me: AuthUser) {
    const pdf = await this.cme.certificate(q.eventId, me);
    return new StreamableFile(Buffer.from(pdf), { type: 'application/pdf', disposition: 'attachment; filename="cme-certificate.pdf"' });
  }

  @Get('events/:eventId/cme/accreditation')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'The edition’s accreditation as certificates print it, with the maximum credits computed from the programme (organisers)' })
  @ApiOkResponse({ type: AccreditationResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  accreditation(@Param('eventId', UuidPipe) eventId: string) {
    return this.cme.accreditation(eventId);
  }

  @Put('events/:eventId/cme/accreditation')
  @Auth('owner', 'organiser')
  @ApiOperation({
    summary:
      'Set the edition’s accreditation: accrediting body and provider (bilingual), activity number, credit category, designation statement templates with {credits}, logo and one to three signatories with signature images (PNG or SVG, base64; SVG rasterised)',
  })
  @ApiOkResponse({ type: AccreditationResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  putAccreditation(@Param('eventId', UuidPipe) eventId: string, @Body() dto: PutAccreditationDto, @CurrentUser() me: AuthUser) {
    return this.cme.putAccreditation(eventId, dto, me);
  }

  @Post('events/:eventId/cme/certificates/:code/revoke')
  @HttpCode(200)
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Revoke a certificate: its code then answers "revoked" (organisers)' })
  @ApiOkResponse({ type: CertificateVerificationDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'NOT_FOUND', 'CERTIFICATE_NOT_CURRENT')
  revoke(@Param('eventId', UuidPipe) eventId: string, @Param('code') code: string, @Body() dto: RevokeCertificateDto, @CurrentUser() me: AuthUser) {
    return this.cme.revoke(eventId, code.slice(0, 64), dto.reason, me);
  }

  @Post('events/:eventId/cme/certificates/:code/reissue')
  @HttpCode(201)
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Reissue a certificate with a corrected name: a new code; the old one answers "superseded" (organisers)' })
  @ApiCreatedResponse({ type: CertificateVerificationDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'NOT_FOUND', 'CERTIFICATE_NOT_CURRENT', 'NO_CME_CREDITS', 'ACCREDITATION_MISSING')
  reissue(@Param('eventId', UuidPipe) eventId: string, @Param('code') code: string, @Body() dto: CertificateNameDto, @CurrentUser() me: AuthUser) {
    return this.cme.reissue(eventId, code.slice(0, 64), dto.name, me);
  }

  @Get('certificates/:code')
  @Public()
  @ApiOperation({ summary: 'Verify a CME certificate: exactly what it prints, and whether it is valid, revoked or superseded' })
  @ApiOkResponse({ type: CertificateVerificationDto })
  @ApiErrors('NOT_FOUND')
  verify(@Param('code') code: string) {
    return this.cme.verify(code.slice(0, 64));
  }
}
