import { Global, Module } from '@nestjs/common';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Global()
@Module({ providers: [UsersRepository, UsersService], exports: [UsersService] })
export class UsersModule {}
