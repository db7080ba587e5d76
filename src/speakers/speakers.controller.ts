import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { CreateSpeakerDto, SpeakerResponseDto } from './speakers.dto.js';
import { SpeakersService } from './speakers.service.js';

@ApiTags('speakers')
@Controller('events/:eventId/speakers')
export class SpeakersController {
  constructor(private readonly speakers: SpeakersService) {}

  @Post()
  @Auth('owner', 'organiser', 'track_chair')
  @ApiOperation({ summary: 'Enter a speaker profile for invited faculty (no account); use its id in sessions' })
  @ApiCreatedResponse({ type: SpeakerResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  create(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CreateSpeakerDto, @CurrentUser() me: AuthUser) {
    return this.speakers.createForEdition(eventId, dto, me);
  }
}
