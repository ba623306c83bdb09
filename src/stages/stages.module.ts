import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { WebModule } from '../web/web.module.js';
import { BidderStandingResolver, StagesResolver } from './stages.resolver.js';
import { StagesPagesController } from './stages-pages.controller.js';
import { StagesRepository } from './stages.repository.js';
import { StagesService } from './stages.service.js';

@Module({
  imports: [ProcurementsModule, SignaturesModule, WebModule],
  controllers: [StagesPagesController],
  providers: [StagesService, StagesRepository, StagesResolver, BidderStandingResolver],
  exports: [StagesService],
})
export class StagesModule {}
