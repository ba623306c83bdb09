import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { prepareApplicationRole, roleOf } from './database-roles.js';
import type { DatabaseServer } from './database-server.js';

function usesOneRole(database: Pick<DatabaseServer, 'url' | 'migrationUrl'>): boolean {
  return roleOf(database.url) === roleOf(database.migrationUrl);
}

/**
 * Whether the role of `url` is a superuser or may act as the owner of a table of the schema:
 * then nothing in the database holds the platform to its grants (one URL used for both roles).
 */
export async function runsAsOwner(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'pactwatch-startup' });
  await client.connect();
  try {
    const { rows } = await client.query<{ owner: boolean }>(`
      SELECT rolsuper OR EXISTS (
        SELECT 1 FROM pg_class WHERE relnamespace = 'public'::regnamespace AND pg_has_role(current_user, relowner, 'USAGE')
      ) AS owner
      FROM pg_roles WHERE rolname = current_user`);
    return rows[0].owner;
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations as the owner, then (re)applies the application role's grants, so
 * tables a migration has just added are covered. Idempotent; returns the migrations applied.
 */
export async function migrateDatabase(database: Pick<DatabaseServer, 'url' | 'migrationUrl'>): Promise<string[]> {
  const db = new DataSource(dataSourceOptions(database.migrationUrl, []));
  await db.initialize();
  let applied: string[];
  try {
    applied = (await db.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
  } finally {
    await db.destroy();
  }
  if (!usesOneRole(database)) await grantToApplicationRole(database.migrationUrl, roleOf(database.url));
  return applied;
}

async function grantToApplicationRole(migrationUrl: string, appRole: string): Promise<void> {
  const owner = new pg.Client({ connectionString: migrationUrl, application_name: 'pactwatch-migrations' });
  await owner.connect();
  try {
    await prepareApplicationRole(owner, appRole);
  } finally {
    await owner.end();
  }
}
