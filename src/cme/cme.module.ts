import { Module } from '@nestjs/common';
import { registerConstraintCode } from '../common/errors/to-error-response.js';
import { CmeController } from './cme.controller.js';
import { CmeService } from './cme.service.js';

registerConstraintCode('cme_attendance_once_key', 'ALREADY_CLAIMED', 'Attendance of this session is already recorded for this attendee');

@Module({ controllers: [CmeController], providers: [CmeService] })
export class CmeModule {}
