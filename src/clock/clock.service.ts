import { Injectable } from '@nestjs/common';

/**
 * The platform's notion of "now", injected wherever a rule depends on time so that tests
 * of deadlines can substitute a clock they move forward instead of sleeping.
 */
@Injectable()
export class ClockService {
  now(): Date {
    return new Date();
  }
}
