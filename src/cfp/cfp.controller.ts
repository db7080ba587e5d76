import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { CfpSettingsResponseDto, PutCfpSettingsDto } from './cfp.dto.js';
import { CfpService } from './cfp.service.js';

@ApiTags('submissions')
@Controller('events/:eventId/cfp')
export class CfpController {
  constructor(private readonly cfp: CfpService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The call for submissions: window, submission types with durations, review criteria' })
  @ApiOkResponse({ type: CfpSettingsResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  get(@Param('eventId', UuidPipe) eventId: string, @CurrentUser() me?: AuthUser) {
    return this.cfp.get(eventId, me);
  }

  @Put()
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Change the submission types (durations, enabled) and review criteria of the edition' })
  @ApiOkResponse({ type: CfpSettingsResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  put(@Param('eventId', UuidPipe) eventId: string, @Body() dto: PutCfpSettingsDto, @CurrentUser() me: AuthUser) {
    return this.cfp.put(eventId, dto, me);
  }
}
