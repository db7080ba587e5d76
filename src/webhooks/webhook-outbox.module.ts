import { Global, Module } from '@nestjs/common';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhookOutboxService } from './webhook-outbox.service.js';

@Global()
@Module({ providers: [WebhooksRepository, WebhookOutboxService], exports: [WebhookOutboxService] })
export class WebhookOutboxModule {}
