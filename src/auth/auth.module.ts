import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';

@Module({ imports: [EventsModule], controllers: [AuthController], providers: [AuthService, LoginThrottle], exports: [AuthService] })
export class AuthModule {}
