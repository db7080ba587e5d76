import { Global, Module } from '@nestjs/common';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { NotificationsWorker } from './notifications.worker.js';

@Global()
@Module({ providers: [NotificationsRepository, NotificationsService, NotificationsWorker], exports: [NotificationsService, NotificationsWorker] })
export class NotificationsModule {}
