import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { WebModule } from '../web/web.module.js';
import { TenderingPagesController } from './tendering-pages.controller.js';
import { AwardResolver, BidResolver, ContractResolver, ProcurementTenderingResolver, TenderingResolver } from './tendering.resolver.js';
import { TenderingRepository } from './tendering.repository.js';
import { TenderingService } from './tendering.service.js';

@Module({
  imports: [AccountsModule, ProcurementsModule, WebModule],
  controllers: [TenderingPagesController],
  providers: [TenderingService, TenderingRepository, TenderingResolver, ProcurementTenderingResolver, BidResolver, AwardResolver, ContractResolver],
  exports: [TenderingService],
})
export class TenderingModule {}
