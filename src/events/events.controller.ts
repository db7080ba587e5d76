import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { AdminOnly, Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { PageDto } from '../common/pagination/pagination.js';
import {
  AddMemberDto,
  CreateEventDto,
  EventResponseDto,
  ListEventsQueryDto,
  MemberResponseDto,
  RemoveMemberQueryDto,
  UpdateEventDto,
} from './events.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create an edition (the creator becomes its owner)' })
  @ApiCreatedResponse({ type: EventResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'SLUG_TAKEN')
  create(@Body() dto: CreateEventDto, @CurrentUser() me: AuthUser) {
    return this.events.create(dto, me);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Published editions (members also see their drafts)' })
  @ApiOkResponse({ type: PageDto(EventResponseDto) })
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() q: ListEventsQueryDto, @CurrentUser() me?: AuthUser) {
    return this.events.list(q, me);
  }

  @Get(':eventId')
  @Public()
  @ApiOperation({ summary: 'One edition (drafts: members only)' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiErrors('INVALID_PARAMETER', 'NOT_FOUND')
  get(@Param('eventId', UuidPipe) eventId: string, @CurrentUser() me?: AuthUser) {
    return this.events.get(eventId, me);
  }

  @Patch(':eventId')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Update an edition (new days or time zone must still hold every session: else 409 SESSIONS_OUTSIDE_EDITION naming them)' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'SLUG_TAKEN', 'SESSIONS_OUTSIDE_EDITION')
  update(@Param('eventId', UuidPipe) eventId: string, @Body() dto: UpdateEventDto, @CurrentUser() me: AuthUser) {
    return this.events.update(eventId, dto, me);
  }

  @Post(':eventId/publish')
  @Auth('owner', 'organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish an edition (idempotent)' })
  @ApiOkResponse({ type: EventResponseDto })
  publish(@Param('eventId', UuidPipe) eventId: string, @CurrentUser() me: AuthUser) {
    return this.events.publish(eventId, me);
  }

  @Get(':eventId/members')
  @Auth('owner')
  @ApiOperation({ summary: 'Members of an edition and their roles' })
  @ApiOkResponse({ type: [MemberResponseDto] })
  members(@Param('eventId', UuidPipe) eventId: string) {
    return this.events.listMembers(eventId);
  }

  @Post(':eventId/members')
  @Auth('owner')
  @ApiOperation({ summary: 'Grant a role in the edition' })
  @ApiCreatedResponse({ type: MemberResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  addMember(@Param('eventId', UuidPipe) eventId: string, @Body() dto: AddMemberDto, @CurrentUser() me: AuthUser) {
    return this.events.addMember(eventId, dto, me);
  }

  @Delete(':eventId/members/:userId')
  @Auth('owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a role (or all roles) of a user in the edition' })
  @ApiNoContentResponse()
  @ApiErrors('LAST_OWNER')
  removeMember(
    @Param('eventId', UuidPipe) eventId: string,
    @Param('userId', UuidPipe) userId: string,
    @Query() q: RemoveMemberQueryDto,
    @CurrentUser() me: AuthUser,
  ) {
    return this.events.removeMember(eventId, userId, q.role, me);
  }
}
