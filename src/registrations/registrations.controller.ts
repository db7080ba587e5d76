import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { parseIdempotencyKey } from './idempotency.js';
import {
  CheckInDto,
  CheckInResponseDto,
  ListRegistrationsQueryDto,
  RegisterDto,
  RegistrationPageDto,
  RegistrationResponseDto,
  RegistrationsExportQueryDto,
  TicketQueryDto,
  TicketResponseDto,
} from './registrations.dto.js';
import { RegistrationsService } from './registrations.service.js';

@ApiTags('registrations')
@Controller()
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Post('events/:eventId/registrations')
  @Auth()
  @ApiOperation({
    summary: 'Register for an edition (confirmed while the mode has seats, else waitlisted with a position)',
    description:
      'With `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header, kept 24 hours per caller): the same key and body replay the first ' +
      'answer (status and body, with `Idempotency-Replayed: true`); another body → 422; a retry while the first still runs → 409.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A unique string per intended registration, e.g. "8e03978e-…"' })
  @ApiCreatedResponse({ type: RegistrationResponseDto })
  @ApiErrors(
    'VALIDATION_FAILED',
    'INVALID_PARAMETER',
    'NOT_FOUND',
    'REGISTRATION_CLOSED',
    'MODE_NOT_OFFERED',
    'ALREADY_REGISTERED',
    'IDEMPOTENCY_KEY_INVALID',
    'IDEMPOTENCY_KEY_IN_PROGRESS',
    'IDEMPOTENCY_KEY_REUSED',
  )
  async register(
    @Param('eventId', UuidPipe) eventId: string,
    @Body() dto: RegisterDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() me: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.registrations.register(eventId, me, dto, parseIdempotencyKey(key));
    reply.status(result.status);
    if (result.replayed) reply.header('Idempotency-Replayed', 'true');
    return result.body;
  }

  @Get('events/:eventId/registrations')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Registrations of an edition, filtered, with counts by mode and status' })
  @ApiOkResponse({ type: RegistrationPageDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  list(@Param('eventId', UuidPipe) eventId: string, @Query() q: ListRegistrationsQueryDto) {
    return this.registrations.list(eventId, q);
  }

  @Get('events/:eventId/registrations.csv')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Registrations as CSV (UTF-8 with a byte-order mark; same filters as the list)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header row', schema: { type: 'string' } })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER')
  async exportCsv(@Param('eventId', UuidPipe) eventId: string, @Query() q: RegistrationsExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="registrations.csv"').header('Cache-Control', 'no-store');
    return this.registrations.exportCsv(eventId, q);
  }

  @Post('events/:eventId/check-ins')
  @Auth('owner', 'organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check an attendee in by the token of their ticket' })
  @ApiOkResponse({ type: CheckInResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'REGISTRATION_NOT_CONFIRMED', 'ALREADY_CHECKED_IN')
  checkIn(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CheckInDto, @CurrentUser() me: AuthUser) {
    return this.registrations.checkIn(eventId, dto.token, me);
  }

  @Get('registrations/mine')
  @Auth()
  @ApiOperation({ summary: 'The caller\'s registrations' })
  @ApiOkResponse({ type: [RegistrationResponseDto] })
  mine(@CurrentUser() me: AuthUser) {
    return this.registrations.mine(me);
  }

  @Post('registrations/:registrationId/cancel')
  @Auth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the caller\'s registration (frees the seat; the head of the waiting list is promoted)' })
  @ApiOkResponse({ type: RegistrationResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND', 'ALREADY_CANCELLED')
  cancel(@Param('registrationId', UuidPipe) id: string, @CurrentUser() me: AuthUser) {
    return this.registrations.cancel(id, me);
  }

  @Get('registrations/:registrationId/ticket')
  @Auth()
  @ApiOperation({
    summary: 'The caller\'s ticket: check-in token and QR code',
    description: '`?format=json` (default): token plus PNG and SVG data URLs; `?format=png` or `?format=svg`: the QR image itself. Owner only (others: 404).',
  })
  @ApiExtraModels(TicketResponseDto)
  @ApiOkResponse({
    description: 'JSON by default; the QR image itself with `?format=png` or `?format=svg`',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(TicketResponseDto) } },
      'image/png': { schema: { type: 'string', format: 'binary' } },
      'image/svg+xml': { schema: { type: 'string' } },
    },
  })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND', 'REGISTRATION_NOT_CONFIRMED')
  async ticket(
    @Param('registrationId', UuidPipe) id: string,
    @Query() q: TicketQueryDto,
    @CurrentUser() me: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    reply.header('Cache-Control', 'no-store');
    if (q.format === 'json') return this.registrations.ticket(id, me);
    const image = await this.registrations.ticketImage(id, me, q.format);
    reply.type(image.contentType);
    return image.body;
  }
}
