import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth, AuthFor } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { SeatLimitDto, SeatLimitResponseDto, SeatResponseDto, StreamResponseDto } from './registrations.dto.js';
import { SeatsService } from './seats.service.js';

@ApiTags('attendance')
@Controller('sessions/:sessionId')
export class AttendanceController {
  constructor(private readonly seats: SeatsService) {}

  @Put('seats')
  @AuthFor({ param: 'sessionId', resource: 'session' }, 'owner', 'organiser')
  @ApiOperation({ summary: 'Set a session\'s seat limit (null: unlimited); a raise promotes from its waiting list' })
  @ApiOkResponse({ type: SeatLimitResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'CAPACITY_BELOW_CONFIRMED')
  setLimit(@Param('sessionId', UuidPipe) sessionId: string, @Body() dto: SeatLimitDto, @CurrentUser() me: AuthUser) {
    return this.seats.setLimit(sessionId, dto.limit ?? null, me);
  }

  @Post('seats')
  @Auth()
  @ApiOperation({ summary: 'Reserve a seat (confirmed in-person registrants; waitlisted when full)' })
  @ApiCreatedResponse({ type: SeatResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND', 'SEAT_NOT_AVAILABLE', 'ALREADY_SEATED')
  reserve(@Param('sessionId', UuidPipe) sessionId: string, @CurrentUser() me: AuthUser) {
    return this.seats.reserve(sessionId, me);
  }

  @Delete('seats')
  @Auth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Give up a seat or a waiting-list place (the head of the list is promoted)' })
  @ApiNoContentResponse()
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  release(@Param('sessionId', UuidPipe) sessionId: string, @CurrentUser() me: AuthUser) {
    return this.seats.release(sessionId, me);
  }

  @Get('stream')
  @Auth()
  @ApiOperation({
    summary: 'The stream link of an online or hybrid session',
    description: 'Confirmed online registrants: online and hybrid sessions; confirmed in-person registrants: hybrid sessions. In-person sessions: 404.',
  })
  @ApiOkResponse({ type: StreamResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'FORBIDDEN', 'NOT_FOUND')
  async stream(@Param('sessionId', UuidPipe) sessionId: string, @CurrentUser() me: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('Cache-Control', 'no-store');
    return this.seats.stream(sessionId, me);
  }
}
