import { Global, Module } from '@nestjs/common';
import { WebhookOutboxService } from './webhook-outbox.service.js';

@Global()
@Module({ providers: [WebhookOutboxService], exports: [WebhookOutboxService] })
export class WebhookOutboxModule {}
