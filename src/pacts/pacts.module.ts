import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { WebModule } from '../web/web.module.js';
import { PactTemplatesService } from './pact-templates.service.js';
import { PactsPagesController } from './pacts-pages.controller.js';
import { PactDraftResolver, PactVersionResolver, PactsResolver, ProcurementPactResolver } from './pacts.resolver.js';
import { PactsRepository } from './pacts.repository.js';
import { PactsService } from './pacts.service.js';

@Module({
  imports: [ProcurementsModule, WebModule],
  controllers: [PactsPagesController],
  providers: [PactsService, PactsRepository, PactTemplatesService, PactsResolver, ProcurementPactResolver, PactDraftResolver, PactVersionResolver],
  exports: [PactsService, PactTemplatesService],
})
export class PactsModule {}
