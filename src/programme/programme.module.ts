import { Module } from '@nestjs/common';
import { ProgrammeController } from './programme.controller.js';
import { ProgrammeService } from './programme.service.js';

@Module({ controllers: [ProgrammeController], providers: [ProgrammeService], exports: [ProgrammeService] })
export class ProgrammeModule {}
