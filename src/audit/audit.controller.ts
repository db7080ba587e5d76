import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../access/auth.decorator.js';
import { PageDto } from '../common/pagination/pagination.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { AuditEntryDto, ListAuditQueryDto } from './audit.dto.js';
import { AuditQueryService } from './audit-query.service.js';

@ApiTags('audit')
@Controller('events/:eventId/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Who changed what in the edition, when, with the values before and after (newest first)' })
  @ApiOkResponse({ type: PageDto(AuditEntryDto) })
  list(@Param('eventId', UuidPipe) eventId: string, @Query() q: ListAuditQueryDto) {
    return this.audit.list(eventId, q);
  }
}
