import { Module } from '@nestjs/common';
import { SpeakerProfileController } from './speaker-profile.controller.js';
import { SpeakersController } from './speakers.controller.js';
import { SpeakersRepository } from './speakers.repository.js';
import { SpeakersService } from './speakers.service.js';

@Module({ controllers: [SpeakersController, SpeakerProfileController], providers: [SpeakersRepository, SpeakersService], exports: [SpeakersService] })
export class SpeakersModule {}
