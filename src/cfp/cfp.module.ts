import { Module } from '@nestjs/common';
import { CfpController } from './cfp.controller.js';
import { CfpRepository } from './cfp.repository.js';
import { CfpService } from './cfp.service.js';

/** The call for submissions: its window (on the edition), types and durations, review criteria. */
@Module({ controllers: [CfpController], providers: [CfpRepository, CfpService], exports: [CfpService] })
export class CfpModule {}
