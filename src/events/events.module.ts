import { Global, Module } from '@nestjs/common';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { TracksModule } from '../tracks/tracks.module.js';

/** Editions: used by almost every module (days, time zone, windows, settings), so available everywhere. */
@Global()
@Module({
  imports: [TracksModule],
  controllers: [EventsController],
  providers: [EventsRepository, EventsService],
  exports: [EventsService],
})
export class EventsModule {}
