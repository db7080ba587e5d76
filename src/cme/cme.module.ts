import { Module } from '@nestjs/common';
import { CmeController } from './cme.controller.js';
import { CmeRepository } from './cme.repository.js';
import { CmeService } from './cme.service.js';


@Module({ controllers: [CmeController], providers: [CmeRepository, CmeService], exports: [CmeService] })
export class CmeModule {}
