import { Command, CommandRunner, Option } from 'nest-commander';
import { MigrationExecutor } from 'typeorm';
import { migrateDatabase } from '../database/migrate-database.js';
import { withDataSource, withDatabaseServer } from './platform.js';

interface MigrateOptions {
  check?: boolean;
}

/**
 * The deployment's migration step: run it before a new version takes traffic (the server applies
 * migrations itself only with the embedded database or RUN_MIGRATIONS=true). It logs in as the
 * owner (MIGRATION_DATABASE_URL) and then grants the role of DATABASE_URL what it needs.
 */
@Command({ name: 'migrate', description: 'apply pending migrations as MIGRATION_DATABASE_URL and grant the role of DATABASE_URL (or the embedded roles)' })
export class MigrateCommand extends CommandRunner {
  async run(_: string[], options: MigrateOptions): Promise<void> {
    if (options.check) {
      await withDataSource([], async (db) => {
        const pending = await new MigrationExecutor(db).getPendingMigrations();
        console.log(pending.length ? `pending: ${pending.map((m) => m.name).join(', ')}` : 'no pending migrations');
        if (pending.length) process.exitCode = 1;
      });
      return;
    }
    const applied = await withDatabaseServer((server) => migrateDatabase(server));
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'no pending migrations');
  }

  @Option({ flags: '--check', description: 'only list pending migrations; exit 1 when there are some' })
  parseCheck(): boolean {
    return true;
  }
}
