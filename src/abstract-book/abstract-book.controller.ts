import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../access/current-user.decorator.js';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { addVary, ifNoneMatchHits } from '../common/http/conditional.js';
import { resolveLang } from '../common/i18n/localized-text.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { AbstractBookQueryDto } from './abstract-book.dto.js';
import { AbstractBookService, type BookResponse } from './abstract-book.service.js';

/** Sends the PDF with its ETag and Cache-Control, or 304 when the client's copy is current. */
function sendPdf(reply: FastifyReply, ifNoneMatch: string | undefined, book: BookResponse) {
  reply.header('etag', book.etag).header('cache-control', book.cacheControl);
  addVary(reply, ...(book.cacheControl.startsWith('private') ? ['Accept-Language', 'Authorization'] : ['Accept-Language']));
  if (ifNoneMatchHits(ifNoneMatch, book.etag)) return reply.status(304).send();
  return reply.status(200).header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${book.filename}"`).send(book.pdf);
}

@ApiTags('abstract-book')
@Controller('events/:eventId')
export class AbstractBookController {
  constructor(private readonly books: AbstractBookService) {}

  @Get('abstract-book.pdf')
  @Public()
  @ApiOperation({
    summary:
      'The abstract book (PDF): cover, contents, the released abstracts by track and session in programme order with type, time, room, authors, affiliations and disclosures, an author index; public from the abstracts’ release; organisers: ?draft=true at any time',
  })
  @ApiProduces('application/pdf')
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'zh or en, when ?lang= is absent' })
  @ApiOkResponse({ description: 'A PDF, with a strong ETag and Cache-Control', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiErrors('INVALID_PARAMETER', 'VALIDATION_FAILED', 'NOT_FOUND', 'ABSTRACTS_NOT_RELEASED', 'UNAUTHENTICATED', 'FORBIDDEN')
  async get(
    @Param('eventId', UuidPipe) eventId: string,
    @Query() q: AbstractBookQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
    @CurrentUser() me?: AuthUser,
  ) {
    return sendPdf(reply, ifNoneMatch, await this.books.book(eventId, q, resolveLang(q.lang, acceptLanguage), me));
  }
}
