import { Module } from '@nestjs/common';
import { ComplaintsResolver } from './complaints.resolver.js';
import { ComplaintsService } from './complaints.service.js';

@Module({
  providers: [ComplaintsService, ComplaintsResolver],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}
