import { Global, Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module.js';
import { SpeakersModule } from '../speakers/speakers.module.js';
import { DisclosureReportService } from './disclosure-report.service.js';
import { DisclosuresController } from './disclosures.controller.js';
import { DisclosuresRepository } from './disclosures.repository.js';
import { DisclosuresService } from './disclosures.service.js';

@Global()
@Module({
  imports: [SpeakersModule, SessionsModule],
  controllers: [DisclosuresController],
  providers: [DisclosuresRepository, DisclosuresService, DisclosureReportService],
  exports: [DisclosuresService],
})
export class DisclosuresModule {}
