import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module.js';
import { SpeakersModule } from '../speakers/speakers.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { AwardsController } from './awards.controller.js';
import { AwardsRepository } from './awards.repository.js';
import { AwardsService } from './awards.service.js';

@Module({ imports: [SessionsModule, SpeakersModule, SubmissionsModule], controllers: [AwardsController], providers: [AwardsRepository, AwardsService] })
export class AwardsModule {}
