import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { addVary, ifNoneMatchHits } from '../common/http/conditional.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { resolveLang } from '../common/i18n/localized-text.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { ProgrammeQueryDto, ProgrammeResponseDto } from './programme.dto.js';
import { ProgrammeService, type CachedProgramme } from './programme.service.js';

/**
 * Sends a cacheable body (JSON unless told), or 304 when the client's copy is current (weak
 * comparison, `*`). The body depends on the language (`?lang=` or `Accept-Language`); a draft, sent
 * `private`, also on who asks. Shared with the exports.
 */
export function sendCacheable(reply: FastifyReply, ifNoneMatch: string | undefined, p: CachedProgramme, contentType = 'application/json; charset=utf-8') {
  reply.header('etag', p.etag).header('cache-control', p.cacheControl);
  addVary(reply, ...(p.cacheControl.startsWith('private') ? ['Accept-Language', 'Authorization'] : ['Accept-Language']));
  if (ifNoneMatchHits(ifNoneMatch, p.etag)) return reply.status(304).send();
  return reply.status(200).header('content-type', contentType).send(p.body);
}

@ApiTags('programme')
@Controller('events/:eventId/programme')
export class ProgrammeController {
  constructor(private readonly programme: ProgrammeService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The programme: days (in the edition’s time zone) → sessions → segments → people; public when published; never a stream link',
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer: 304 when unchanged' })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'zh or en, when ?lang= is absent' })
  @ApiOkResponse({ type: ProgrammeResponseDto, description: 'With a strong ETag and Cache-Control' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiErrors('INVALID_PARAMETER', 'VALIDATION_FAILED', 'NOT_FOUND')
  async get(
    @Param('eventId', UuidPipe) eventId: string,
    @Query() q: ProgrammeQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
    @CurrentUser() me?: AuthUser,
  ) {
    return sendCacheable(reply, ifNoneMatch, await this.programme.programme(eventId, q, resolveLang(q.lang, acceptLanguage), me));
  }
}
