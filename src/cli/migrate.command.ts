import { Command, CommandRunner, Option } from 'nest-commander';
import { MigrationExecutor } from 'typeorm';
import { withDataSource } from './platform.js';

interface MigrateOptions {
  check?: boolean;
}

/**
 * The deployment's migration step: run it before a new version takes traffic (the server applies
 * migrations itself only with the embedded database or RUN_MIGRATIONS=true).
 */
@Command({ name: 'migrate', description: 'apply pending migrations to DATABASE_URL (or the embedded database)' })
export class MigrateCommand extends CommandRunner {
  async run(_: string[], options: MigrateOptions): Promise<void> {
    await withDataSource([], async (db) => {
      if (options.check) {
        const pending = await new MigrationExecutor(db).getPendingMigrations();
        console.log(pending.length ? `pending: ${pending.map((m) => m.name).join(', ')}` : 'no pending migrations');
        if (pending.length) process.exitCode = 1;
        return;
      }
      const applied = await db.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
    });
  }

  @Option({ flags: '--check', description: 'only list pending migrations; exit 1 when there are some' })
  parseCheck(): boolean {
    return true;
  }
}
