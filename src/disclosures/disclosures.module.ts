import { Global, Module } from '@nestjs/common';
import { DisclosuresController } from './disclosures.controller.js';
import { DisclosuresService } from './disclosures.service.js';

@Global()
@Module({ controllers: [DisclosuresController], providers: [DisclosuresService], exports: [DisclosuresService] })
export class DisclosuresModule {}
