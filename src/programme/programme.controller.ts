import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendCacheable } from '../cache/http-cache.js';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { resolveLang } from '../common/i18n/localized-text.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { ProgrammeQueryDto, ProgrammeResponseDto } from './programme.dto.js';
import { ProgrammeQueryPipe } from './programme-query.js';
import { ProgrammeService } from './programme.service.js';

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
    @Query(ProgrammeQueryPipe) q: ProgrammeQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
    @CurrentUser() me?: AuthUser,
  ) {
    return sendCacheable(reply, await this.programme.programme(eventId, q, resolveLang(q.lang, acceptLanguage), me, ifNoneMatch));
  }
}
