import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ProcurementAccess } from './procurement-access.service.js';
import { ProcurementBidderResolver, ProcurementsResolver } from './procurements.resolver.js';
import { ProcurementsService } from './procurements.service.js';

@Module({
  imports: [AccountsModule],
  providers: [ProcurementsService, ProcurementAccess, ProcurementsResolver, ProcurementBidderResolver],
  exports: [ProcurementsService, ProcurementAccess],
})
export class ProcurementsModule {}
