import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { from, map, switchMap, timer, type Observable } from 'rxjs';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { AudienceQueryDto, LiveCountsDto, StartStreamDto, StreamTokenResponseDto, WatchRecordDto } from './audience.dto.js';
import { PresenceService } from './presence.service.js';
import { StreamAccessService } from './stream-access.service.js';
import { StreamKeysService } from './stream-keys.service.js';

@ApiTags('audience')
@Controller()
export class AudienceController {
  constructor(
    private readonly access: StreamAccessService,
    private readonly presence: PresenceService,
    private readonly keys: StreamKeysService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  @Post('sessions/:sessionId/stream-token')
  @Auth()
  @HttpCode(201)
  @ApiOperation({ summary: 'A short-lived stream token for this device (confirmed registrants whose mode admits the session); beyond STREAM_MAX_DEVICES the oldest device is pushed out' })
  @ApiCreatedResponse({ type: StreamTokenResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'NOT_FOUND', 'STREAM_NOT_ADMITTED')
  start(@Param('sessionId', UuidPipe) sessionId: string, @Body() dto: StartStreamDto, @CurrentUser() me: AuthUser) {
    return this.access.start(sessionId, dto.deviceId, me);
  }

  @Post('sessions/:sessionId/presence')
  @Public()
  @HttpCode(204)
  @ApiHeader({ name: 'X-Stream-Token', required: true, description: 'The stream token of this device and session' })
  @ApiOperation({ summary: 'A player’s heartbeat (every 30 s while playing; no body is read): counted once per minute on the server’s clock' })
  @ApiNoContentResponse({ description: 'Counted (or already counted in this minute)' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_PARAMETER', 'STREAM_TOKEN_INVALID', 'STREAM_TOKEN_REVOKED', 'STREAM_DEVICE_PUSHED_OUT', 'SESSION_NOT_LIVE', 'PRESENCE_UNAVAILABLE')
  beat(@Param('sessionId', UuidPipe) sessionId: string, @Headers('x-stream-token') token: string | undefined) {
    return this.presence.beat(sessionId, token);
  }

  @Get('.well-known/jwks.json')
  @Public()
  @ApiOperation({ summary: 'The public keys that verify stream tokens (JWKS)' })
  @ApiOkResponse({ description: 'A JSON Web Key Set (RFC 7517): public keys only', schema: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true } } } } })
  jwks() {
    return this.keys.jwks(this.clock.now());
  }

  @Sse('events/:eventId/live')
  @Auth('owner', 'organiser')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Live viewers per session and in total, as Server-Sent Events every AUDIENCE_LIVE_INTERVAL_MS (organisers)' })
  @ApiOkResponse({ type: LiveCountsDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  live(@Param('eventId', UuidPipe) eventId: string): Observable<MessageEvent> {
    return timer(0, this.config.get('AUDIENCE_LIVE_INTERVAL_MS', { infer: true })).pipe(
      switchMap(() => from(this.presence.live(eventId))),
      map((data) => ({ data, type: 'viewers' })),
    );
  }

  @Get('me/audience')
  @Auth()
  @ApiOperation({ summary: 'The caller’s own watch record in an edition: verified minutes per session' })
  @ApiOkResponse({ type: [WatchRecordDto] })
  @ApiErrors('VALIDATION_FAILED')
  mine(@Query() q: AudienceQueryDto, @CurrentUser() me: AuthUser) {
    return this.presence.ownRecord(q.eventId, me.id);
  }
}
