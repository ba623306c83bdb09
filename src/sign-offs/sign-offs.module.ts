import { WebModule } from '../web/web.module.js';
import { SignOffsPagesController } from './sign-offs-pages.controller.js';
import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { SignOffsResolver } from './sign-offs.resolver.js';
import { SignOffsRepository } from './sign-offs.repository.js';
import { SignOffsService } from './sign-offs.service.js';

@Module({
  imports: [WebModule, ProcurementsModule],
  controllers: [SignOffsPagesController],
  providers: [SignOffsService, SignOffsRepository, SignOffsResolver],
  exports: [SignOffsService],
})
export class SignOffsModule {}
