import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time that rules decide on (windows, embargoes, validity). Services ask the clock instead of
 * calling `new Date()` or SQL `now()` for decisions, so tests can drive time without sleeping.
 */
@Injectable()
export class Clock {
  private fixed?: Date;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** Tests only: freeze the clock at `instant` (undefined: back to real time). */
  set(instant: Date | string | undefined): void {
    this.fixed = instant === undefined ? undefined : new Date(instant);
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
