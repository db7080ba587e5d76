import { Global, Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service.js';
import { NotificationsWorker } from './notifications.worker.js';

@Global()
@Module({ providers: [NotificationsService, NotificationsWorker], exports: [NotificationsService, NotificationsWorker] })
export class NotificationsModule {}
