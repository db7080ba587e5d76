import { Module } from '@nestjs/common';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';
import { WebhookResolver } from './webhook-resolver.js';

@Module({ controllers: [WebhooksController], providers: [WebhooksRepository, WebhooksService, WebhookDispatcher, WebhookResolver], exports: [WebhookDispatcher] })
export class WebhooksModule {}
