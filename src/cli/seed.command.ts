import { Command, CommandRunner } from 'nest-commander';
import { DemoSeederService } from '../seed/demo-seeder.service.js';
import { withPlatform } from './platform.js';

/** The demo world of the quick start, for a demonstration server whose database has no accounts yet. */
@Command({ name: 'seed', description: 'load the demo organisations, accounts and procurements into a database that has no accounts yet' })
export class SeedCommand extends CommandRunner {
  async run(): Promise<void> {
    await withPlatform(async (platform) => {
      await platform.get(DemoSeederService).seedOnce();
      console.log('demo data loaded (or already there)');
    });
  }
}
