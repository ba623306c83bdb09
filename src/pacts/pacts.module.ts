import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { PactTemplatesService } from './pact-templates.service.js';
import { PactDraftResolver, PactVersionResolver, PactsResolver, ProcurementPactResolver } from './pacts.resolver.js';
import { PactsService } from './pacts.service.js';

@Module({
  imports: [ProcurementsModule],
  providers: [PactsService, PactTemplatesService, PactsResolver, ProcurementPactResolver, PactDraftResolver, PactVersionResolver],
  exports: [PactsService, PactTemplatesService],
})
export class PactsModule {}
