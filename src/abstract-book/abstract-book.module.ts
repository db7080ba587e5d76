import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module.js';
import { AbstractBookController } from './abstract-book.controller.js';
import { AbstractBookService } from './abstract-book.service.js';

/** The abstract book (PDF): read through the programme's rows, cached in the PublicCache per release. */
@Module({ imports: [ProgrammeModule], controllers: [AbstractBookController], providers: [AbstractBookService], exports: [AbstractBookService] })
export class AbstractBookModule {}
