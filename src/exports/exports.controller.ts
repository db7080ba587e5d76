import { applyDecorators, Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { resolveLang } from '../common/i18n/localized-text.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { sendCacheable } from '../cache/http-cache.js';
import { ScheduleQueryDto, StatsResponseDto } from './exports.dto.js';
import { ExportsService, type ScheduleFormat } from './exports.service.js';
import { StatsService } from './stats.service.js';

/** What every schedule route documents besides its body: conditional requests, language, errors. */
const ScheduleDocs = () =>
  applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer: 304 when unchanged' }),
    ApiHeader({ name: 'Accept-Language', required: false, description: 'zh or en, when ?lang= is absent' }),
    ApiResponse({ status: 304, description: 'Not modified' }),
    ApiErrors('INVALID_PARAMETER', 'VALIDATION_FAILED', 'NOT_FOUND'),
  );

@ApiTags('exports')
@Controller('events/:eventId')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly statistics: StatsService,
  ) {}

  private async schedule(format: ScheduleFormat, eventId: string, q: ScheduleQueryDto, acceptLanguage: string | undefined, ifNoneMatch: string | undefined, reply: FastifyReply, me?: AuthUser) {
    return sendCacheable(reply, await this.exports.schedule(eventId, format, resolveLang(q.lang, acceptLanguage), me, ifNoneMatch), ExportsService.contentType(format));
  }

  @Get('schedule.xml')
  @Public()
  @ApiOperation({ summary: 'The schedule in frab XML (valid against the c3voc schedule.xml.xsd); public when published; never a stream link' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'frab schedule XML, with a strong ETag and Cache-Control', schema: { type: 'string' } })
  @ScheduleDocs()
  xml(@Param('eventId', UuidPipe) eventId: string, @Query() q: ScheduleQueryDto, @Headers('accept-language') al: string | undefined, @Headers('if-none-match') inm: string | undefined, @Res() reply: FastifyReply, @CurrentUser() me?: AuthUser) {
    return this.schedule('xml', eventId, q, al, inm, reply, me);
  }

  @Get('schedule.json')
  @Public()
  @ApiOperation({ summary: 'The schedule in frab JSON (valid against the c3voc schedule.schema.json, draft-06); public when published' })
  @ApiOkResponse({ description: 'frab schedule JSON (see https://c3voc.de/schedule/schema.json), with a strong ETag', schema: { type: 'object', additionalProperties: true } })
  @ScheduleDocs()
  json(@Param('eventId', UuidPipe) eventId: string, @Query() q: ScheduleQueryDto, @Headers('accept-language') al: string | undefined, @Headers('if-none-match') inm: string | undefined, @Res() reply: FastifyReply, @CurrentUser() me?: AuthUser) {
    return this.schedule('json', eventId, q, al, inm, reply, me);
  }

  @Get('schedule.ics')
  @Public()
  @ApiOperation({ summary: 'The schedule as iCalendar: stable UIDs, SEQUENCE rising when a session moves, room, venue and city as location; public when published' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar document, with a strong ETag', schema: { type: 'string' } })
  @ScheduleDocs()
  ics(@Param('eventId', UuidPipe) eventId: string, @Query() q: ScheduleQueryDto, @Headers('accept-language') al: string | undefined, @Headers('if-none-match') inm: string | undefined, @Res() reply: FastifyReply, @CurrentUser() me?: AuthUser) {
    return this.schedule('ics', eventId, q, al, inm, reply, me);
  }

  @Get('sessions.csv')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'The sessions as CSV for organisers (UTF-8 with a byte-order mark; local times; people with roles)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header row', schema: { type: 'string' } })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  async sessionsCsv(@Param('eventId', UuidPipe) eventId: string, @CurrentUser() me: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="sessions.csv"').header('Cache-Control', 'no-store');
    return this.exports.sessionsCsv(eventId, me);
  }

  @Get('submissions.csv')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Submissions with their review scores as CSV for organisers (reviews, mean/min/max overall, mean per criterion; UTF-8 with a byte-order mark)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header row', schema: { type: 'string' } })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  async submissionsCsv(@Param('eventId', UuidPipe) eventId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="submissions.csv"').header('Cache-Control', 'no-store');
    return this.exports.submissionsCsv(eventId);
  }

  @Get('stats')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Figures for organisers: sessions by track, kind and format and the online share; speakers by country; submissions by state and the acceptance rate; registrations by mode and status and the check-in rate' })
  @ApiOkResponse({ type: StatsResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  stats(@Param('eventId', UuidPipe) eventId: string) {
    return this.statistics.stats(eventId);
  }
}
