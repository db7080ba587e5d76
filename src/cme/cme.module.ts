import { Module } from '@nestjs/common';
import { CmeController } from './cme.controller.js';
import { CmeService } from './cme.service.js';


@Module({ controllers: [CmeController], providers: [CmeService] })
export class CmeModule {}
