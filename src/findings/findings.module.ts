import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { WebModule } from '../web/web.module.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceService } from './evidence.service.js';
import { FindingAnswersPagesController } from './finding-answers-pages.controller.js';
import { FindingsPagesController } from './findings-pages.controller.js';
import { FindingEvidenceResolver, FindingsResolver, ProcurementFindingsResolver } from './findings.resolver.js';
import { FindingsRepository } from './findings.repository.js';
import { FindingsService } from './findings.service.js';

@Module({
  imports: [ProcurementsModule, WebModule],
  controllers: [EvidenceController, FindingsPagesController, FindingAnswersPagesController],
  providers: [FindingsService, FindingsRepository, EvidenceService, FindingsResolver, FindingEvidenceResolver, ProcurementFindingsResolver],
  exports: [FindingsService],
})
export class FindingsModule {}
