import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { MySpeakerProfileResponseDto, PutSpeakerProfileDto } from './speakers.dto.js';
import { SpeakersService } from './speakers.service.js';

@ApiTags('speakers')
@Controller('speakers')
export class SpeakerProfileController {
  constructor(private readonly speakers: SpeakersService) {}

  @Get('me')
  @Auth()
  @ApiOperation({ summary: 'My speaker profile (404 until I create one)' })
  @ApiOkResponse({ type: MySpeakerProfileResponseDto })
  @ApiErrors('NOT_FOUND')
  getMine(@CurrentUser() me: AuthUser) {
    return this.speakers.getMine(me);
  }

  @Put('me')
  @Auth()
  @ApiOperation({ summary: 'Create or replace my speaker profile' })
  @ApiOkResponse({ type: MySpeakerProfileResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  putMine(@Body() dto: PutSpeakerProfileDto, @CurrentUser() me: AuthUser) {
    return this.speakers.putMine(me, dto);
  }
}
