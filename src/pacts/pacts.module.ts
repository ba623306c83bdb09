import { Module } from '@nestjs/common';
import { RedFlagsModule } from '../red-flags/red-flags.module.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { PactPdfController } from './pact-pdf.controller.js';
import { PactPdfService } from './pact-pdf.service.js';
import { PactTemplatesService } from './pact-templates.service.js';
import { PactDraftResolver, PactVersionResolver, PactsResolver, ProcurementPactResolver } from './pacts.resolver.js';
import { PactsService } from './pacts.service.js';

@Module({
  imports: [ProcurementsModule, SignaturesModule, RedFlagsModule],
  controllers: [PactPdfController],
  providers: [PactsService, PactTemplatesService, PactPdfService, PactsResolver, ProcurementPactResolver, PactDraftResolver, PactVersionResolver],
  exports: [PactsService, PactPdfService],
})
export class PactsModule {}
