import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { PactsModule } from '../pacts/pacts.module.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({ imports: [AccountsModule, ProcurementsModule, PactsModule], providers: [DemoSeeder] })
export class SeedModule {}
