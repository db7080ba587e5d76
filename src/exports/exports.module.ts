import { Module } from '@nestjs/common';
import { CfpModule } from '../cfp/cfp.module.js';
import { ProgrammeModule } from '../programme/programme.module.js';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { SpeakersModule } from '../speakers/speakers.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { TracksModule } from '../tracks/tracks.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { StatsService } from './stats.service.js';

/** frab XML/JSON, iCalendar and CSV exports, and the organisers' statistics (each figure counted by its table's owner). */
@Module({
  imports: [ProgrammeModule, CfpModule, SessionsModule, TracksModule, SpeakersModule, SubmissionsModule, RegistrationsModule],
  controllers: [ExportsController],
  providers: [ExportsService, StatsService],
})
export class ExportsModule {}
