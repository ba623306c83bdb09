import { Command, CommandRunner, Option } from 'nest-commander';
import pg from 'pg';
import { loadConfig } from '../config/app-config.js';
import { applicationGrantsSql, createApplicationRoleSql, ownerActsForSql, prepareApplicationRole, roleOf } from '../database/database-roles.js';

interface CreateAppRoleOptions {
  name?: string;
  apply?: boolean;
}

/**
 * Creates the role the running platform logs in as, with only the privileges it needs, on a
 * server given by DATABASE_URL. Without --apply it prints the SQL for a database administrator
 * to review and run as the owner; with --apply it runs it as MIGRATION_DATABASE_URL, taking the
 * password from DATABASE_URL so that it is never typed on a command line.
 */
@Command({ name: 'db:create-app-role', description: 'print (or --apply as MIGRATION_DATABASE_URL) the SQL creating the application role and its grants' })
export class CreateAppRoleCommand extends CommandRunner {
  async run(_: string[], options: CreateAppRoleOptions): Promise<void> {
    const config = loadConfig();
    const name = options.name ?? (config.databaseUrl ? roleOf(config.databaseUrl) : undefined);
    if (!name) return this.refuse('give --name, or set DATABASE_URL to the application role');
    if (!options.apply) {
      console.log(`-- Run as the owner of the schema (the role of MIGRATION_DATABASE_URL), then set the password: \\password ${name}`);
      console.log(createApplicationRoleSql(name).trim());
      console.log(applicationGrantsSql(name).trim());
      return;
    }
    if (!config.migrationDatabaseUrl) return this.refuse('--apply needs MIGRATION_DATABASE_URL, the owner of the schema');
    if (roleOf(config.migrationDatabaseUrl) === name) return this.refuse(`${name} is the owner's role; the application role must be another`);
    const password = config.databaseUrl && roleOf(config.databaseUrl) === name ? decodeURIComponent(new URL(config.databaseUrl).password) : undefined;
    const owner = new pg.Client({ connectionString: config.migrationDatabaseUrl });
    await owner.connect();
    try {
      const { rowCount: exists } = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
      await owner.query(exists ? ownerActsForSql(name) : createApplicationRoleSql(name, password || undefined));
      await prepareApplicationRole(owner, name);
      console.log(`${exists ? 'granted' : 'created'} application role ${name}`);
    } finally {
      await owner.end();
    }
  }

  private refuse(reason: string): void {
    console.log(`refused: ${reason}`);
    process.exitCode = 1;
  }

  @Option({ flags: '--name <role>', description: 'the application role (default: the role of DATABASE_URL)' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--apply', description: 'run the SQL as MIGRATION_DATABASE_URL instead of printing it' })
  parseApply(): boolean {
    return true;
  }
}
