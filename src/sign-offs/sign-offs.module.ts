import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { SignOffsResolver } from './sign-offs.resolver.js';
import { SignOffsService } from './sign-offs.service.js';

@Module({
  imports: [ProcurementsModule],
  providers: [SignOffsService, SignOffsResolver],
  exports: [SignOffsService],
})
export class SignOffsModule {}
