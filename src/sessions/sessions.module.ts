import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { SpeakersModule } from '../speakers/speakers.module.js';
import { TracksModule } from '../tracks/tracks.module.js';
import { EditionSpeakersController } from './edition-speakers.controller.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

@Module({ imports: [TracksModule, RoomsModule, SpeakersModule, ProgrammeModule], controllers: [SessionsController, EditionSpeakersController], providers: [SessionsRepository, SessionsService], exports: [SessionsService] })
export class SessionsModule {}
