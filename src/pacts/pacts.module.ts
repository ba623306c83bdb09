import { Module } from '@nestjs/common';
import { RedFlagsModule } from '../red-flags/red-flags.module.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { PactTemplatesService } from './pact-templates.service.js';
import { PactDraftResolver, PactVersionResolver, PactsResolver, ProcurementPactResolver } from './pacts.resolver.js';
import { PactsService } from './pacts.service.js';

@Module({
  imports: [ProcurementsModule, RedFlagsModule],
  providers: [PactsService, PactTemplatesService, PactsResolver, ProcurementPactResolver, PactDraftResolver, PactVersionResolver],
  exports: [PactsService, PactTemplatesService],
})
export class PactsModule {}
