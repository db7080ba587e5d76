import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { resolveLang } from '../common/i18n/localized-text.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { AgendaIcsQueryDto, AgendaItemDto, AgendaQueryDto, FeedQueryDto, FeedTokenResponseDto } from './agenda.dto.js';
import { AgendaService } from './agenda.service.js';
import { addVary } from '../common/http/conditional.js';

const ICS = 'text/calendar; charset=utf-8';

@ApiTags('agenda')
@Controller()
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Get('me/agenda')
  @Auth()
  @ApiOperation({ summary: 'The caller\'s agenda, in time order, with clashes flagged' })
  @ApiOkResponse({ type: [AgendaItemDto] })
  list(@Query() q: AgendaQueryDto, @CurrentUser() me: AuthUser) {
    return this.agenda.list(me, q.eventId);
  }

  @Get('me/agenda.ics')
  @Auth()
  @ApiOperation({ summary: 'The caller\'s agenda as iCalendar' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' } })
  async ics(
    @Query() q: AgendaIcsQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentUser() me: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    addVary(reply.type(ICS).header('Cache-Control', 'private, no-store'), 'Accept-Language', 'Authorization');
    return this.agenda.ics(me, resolveLang(q.lang, acceptLanguage), q.eventId);
  }

  @Post('me/agenda/feed-token')
  @Auth()
  @ApiOperation({ summary: 'Create or reset the secret link of the caller\'s agenda feed (the old link stops working)' })
  @ApiCreatedResponse({ type: FeedTokenResponseDto })
  resetFeed(@CurrentUser() me: AuthUser) {
    return this.agenda.resetFeedToken(me);
  }

  @Put('me/agenda/:sessionId')
  @Auth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Add a session to the caller\'s agenda (idempotent)' })
  @ApiNoContentResponse()
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  add(@Param('sessionId', UuidPipe) sessionId: string, @CurrentUser() me: AuthUser) {
    return this.agenda.add(sessionId, me);
  }

  @Delete('me/agenda/:sessionId')
  @Auth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a session from the caller\'s agenda' })
  @ApiNoContentResponse()
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  remove(@Param('sessionId', UuidPipe) sessionId: string, @CurrentUser() me: AuthUser) {
    return this.agenda.remove(sessionId, me);
  }

  @Get('agenda/:feedToken/agenda.ics')
  @Public()
  @ApiOperation({ summary: 'A personal agenda feed behind its secret link (no login; for calendar apps)' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors('NOT_FOUND')
  async feed(
    @Param('feedToken') token: string,
    @Query() q: FeedQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    addVary(reply.type(ICS).header('Cache-Control', 'private, max-age=300').header('Referrer-Policy', 'no-referrer'), 'Accept-Language');
    return this.agenda.feed(token, resolveLang(q.lang, acceptLanguage));
  }
}
