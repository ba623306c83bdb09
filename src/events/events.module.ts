import { Global, Module } from '@nestjs/common';
import { ProcurementEventsService } from './procurement-events.service.js';

/** Announcements a feature makes inside its transaction for the features above it to act on. */
@Global()
@Module({
  providers: [ProcurementEventsService],
  exports: [ProcurementEventsService],
})
export class EventsModule {}
