import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { SignOffsResolver } from './sign-offs.resolver.js';
import { SignOffsRepository } from './sign-offs.repository.js';
import { SignOffsService } from './sign-offs.service.js';

@Module({
  imports: [ProcurementsModule],
  providers: [SignOffsService, SignOffsRepository, SignOffsResolver],
  exports: [SignOffsService],
})
export class SignOffsModule {}
