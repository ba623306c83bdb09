import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { WebModule } from '../web/web.module.js';
import { ProcurementAccessService } from './procurement-access.service.js';
import { ProcurementsPagesController } from './procurements-pages.controller.js';
import { ProcurementAuditPagesController } from './procurement-audit-pages.controller.js';
import { ProcurementAuditService } from './procurement-audit.service.js';
import { ProcurementBidderResolver, ProcurementsResolver } from './procurements.resolver.js';
import { ProcurementsRepository } from './procurements.repository.js';
import { ProcurementsService } from './procurements.service.js';

@Module({
  imports: [AccountsModule, WebModule],
  controllers: [ProcurementsPagesController, ProcurementAuditPagesController],
  providers: [ProcurementsService, ProcurementsRepository, ProcurementAccessService, ProcurementAuditService, ProcurementsResolver, ProcurementBidderResolver],
  exports: [ProcurementsService, ProcurementAccessService],
})
export class ProcurementsModule {}
