import { Global, Module } from '@nestjs/common';
import { QueueService } from './queue.service.js';

/** The background job queue (pg-boss on the application database), for any module to send to or work. */
@Global()
@Module({ providers: [QueueService], exports: [QueueService] })
export class QueueModule {}
