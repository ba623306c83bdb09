import { WebModule } from '../web/web.module.js';
import { RedFlagsPagesController } from './red-flags-pages.controller.js';
import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { RedFlagDecisionsService } from './red-flag-decisions.service.js';
import { ProcurementRedFlagsResolver, RedFlagsResolver } from './red-flags.resolver.js';
import { RedFlagsRepository } from './red-flags.repository.js';
import { RedFlagsService } from './red-flags.service.js';

/** Writers of the data indicators read announce ProcurementFactsChanged; RedFlagsService recomputes on it. */
@Module({
  imports: [WebModule, ProcurementsModule, FindingsModule],
  controllers: [RedFlagsPagesController],
  providers: [RedFlagsService, RedFlagsRepository, RedFlagDecisionsService, RedFlagsResolver, ProcurementRedFlagsResolver],
  exports: [RedFlagsService, RedFlagDecisionsService],
})
export class RedFlagsModule {}
