import { Module } from '@nestjs/common';
import { AgendaController } from './agenda.controller.js';
import { AgendaRepository } from './agenda.repository.js';
import { AgendaService } from './agenda.service.js';
import { AttendanceController } from './attendance.controller.js';
import { RegistrationsController } from './registrations.controller.js';
import { RegistrationsRepository } from './registrations.repository.js';
import { RegistrationsService } from './registrations.service.js';
import { SeatsRepository } from './seats.repository.js';
import { SeatsService } from './seats.service.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';

/** Registrations, idempotent sign-up, tickets and check-in, per-session seats, stream access, agendas. */
@Module({
  imports: [SessionsModule, RoomsModule],
  controllers: [RegistrationsController, AttendanceController, AgendaController],
  providers: [AgendaRepository, RegistrationsRepository, SeatsRepository, RegistrationsService, SeatsService, AgendaService],
  exports: [RegistrationsService, AgendaService, SeatsService],
})
export class RegistrationsModule {}
