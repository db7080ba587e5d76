import { Module } from '@nestjs/common';
import { CfpModule } from '../cfp/cfp.module.js';
import { SpeakersModule } from '../speakers/speakers.module.js';
import { SubmissionsController } from './submissions.controller.js';
import { SubmissionsService } from './submissions.service.js';
import { TalksController } from './talks.controller.js';
import { TalksService } from './talks.service.js';

@Module({
  imports: [SpeakersModule, CfpModule],
  controllers: [SubmissionsController, TalksController],
  providers: [SubmissionsService, TalksService],
  exports: [SubmissionsService, TalksService],
})
export class SubmissionsModule {}
