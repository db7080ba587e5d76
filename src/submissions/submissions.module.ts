import { Module } from '@nestjs/common';
import { CfpController } from '../cfp/cfp.controller.js';
import { CfpService } from '../cfp/cfp.service.js';
import { SpeakersModule } from '../speakers/speakers.module.js';
import { SubmissionsController } from './submissions.controller.js';
import { SubmissionsService } from './submissions.service.js';
import { TalksController } from './talks.controller.js';
import { TalksService } from './talks.service.js';

@Module({
  imports: [SpeakersModule],
  controllers: [CfpController, SubmissionsController, TalksController],
  providers: [CfpService, SubmissionsService, TalksService],
  exports: [CfpService, SubmissionsService, TalksService],
})
export class SubmissionsModule {}
