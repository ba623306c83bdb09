import { Global, Module } from '@nestjs/common';
import { CheckpointScheduleService } from './checkpoint-schedule.service.js';
import { CheckpointsController } from './checkpoints.controller.js';
import { CheckpointsRepository } from './checkpoints.repository.js';
import { CheckpointsService } from './checkpoints.service.js';

/** Global like the audit log it signs: every publication makes a checkpoint in its transaction. */
@Global()
@Module({
  controllers: [CheckpointsController],
  providers: [CheckpointsService, CheckpointsRepository, CheckpointScheduleService],
  exports: [CheckpointsService],
})
export class CheckpointsModule {}
