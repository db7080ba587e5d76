import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { StatsService } from './stats.service.js';

/** frab XML/JSON, iCalendar and CSV exports, and the organisers' statistics. */
@Module({ imports: [ProgrammeModule], controllers: [ExportsController], providers: [ExportsService, StatsService] })
export class ExportsModule {}
