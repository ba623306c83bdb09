import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { WebModule } from '../web/web.module.js';
import { ProcurementAccessService } from './procurement-access.service.js';
import { ProcurementsPagesController } from './procurements-pages.controller.js';
import { ProcurementBidderResolver, ProcurementsResolver } from './procurements.resolver.js';
import { ProcurementsRepository } from './procurements.repository.js';
import { ProcurementsService } from './procurements.service.js';

@Module({
  imports: [AccountsModule, WebModule],
  controllers: [ProcurementsPagesController],
  providers: [ProcurementsService, ProcurementsRepository, ProcurementAccessService, ProcurementsResolver, ProcurementBidderResolver],
  exports: [ProcurementsService, ProcurementAccessService],
})
export class ProcurementsModule {}
