import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { PactsModule } from '../pacts/pacts.module.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { DemoSeederService } from './demo-seeder.service.js';
import { MonitoredProcurementSeedService } from './monitored-procurement-seed.service.js';
import { SeedRepository } from './seed.repository.js';
import { FindingsModule } from '../findings/findings.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { RedFlagsModule } from '../red-flags/red-flags.module.js';
import { SignOffsModule } from '../sign-offs/sign-offs.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { StagesModule } from '../stages/stages.module.js';
import { TenderingModule } from '../tendering/tendering.module.js';

@Module({
  imports: [
    AccountsModule,
    ComplaintsModule,
    ProcurementsModule,
    PactsModule,
    SignaturesModule,
    StagesModule,
    TenderingModule,
    FindingsModule,
    SignOffsModule,
    RedFlagsModule,
    ReportsModule,
  ],
  providers: [DemoSeederService, MonitoredProcurementSeedService, SeedRepository],
})
export class SeedModule {}
