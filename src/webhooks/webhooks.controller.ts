import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { PageDto } from '../common/pagination/pagination.js';
import { UuidPipe } from '../common/pipes/uuid.pipe.js';
import { CreatedWebhookResponseDto, CreateWebhookDto, DeliveryResponseDto, ListDeliveriesQueryDto, WebhookResponseDto } from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@Controller('events/:eventId/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Webhook endpoints of the edition' })
  @ApiOkResponse({ type: [WebhookResponseDto] })
  list(@Param('eventId', UuidPipe) eventId: string) {
    return this.webhooks.list(eventId);
  }

  @Post()
  @Auth('owner', 'organiser')
  @ApiOperation({
    summary: 'Register an endpoint',
    description:
      'Deliveries are POSTed as JSON with `X-Congress-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, ' +
      'retried with exponential backoff. Private and loopback addresses are refused.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  create(@Param('eventId', UuidPipe) eventId: string, @Body() dto: CreateWebhookDto, @CurrentUser() me: AuthUser) {
    return this.webhooks.create(eventId, dto, me);
  }

  @Delete(':webhookId')
  @Auth('owner', 'organiser')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an endpoint (and its pending deliveries)' })
  @ApiNoContentResponse()
  remove(@Param('eventId', UuidPipe) eventId: string, @Param('webhookId', UuidPipe) webhookId: string, @CurrentUser() me: AuthUser) {
    return this.webhooks.remove(eventId, webhookId, me);
  }

  @Get(':webhookId/deliveries')
  @Auth('owner', 'organiser')
  @ApiOperation({ summary: 'Deliveries to an endpoint with every attempt' })
  @ApiOkResponse({ type: PageDto(DeliveryResponseDto) })
  deliveries(@Param('eventId', UuidPipe) eventId: string, @Param('webhookId', UuidPipe) webhookId: string, @Query() q: ListDeliveriesQueryDto) {
    return this.webhooks.deliveries(eventId, webhookId, q);
  }
}
