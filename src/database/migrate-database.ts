import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { prepareApplicationRole, roleOf } from './database-roles.js';
import type { DatabaseServer } from './database-server.js';

/** Whether migrations and the running platform log in as one role, so the database cannot hold the platform to its grants. */
export function usesOneRole(database: Pick<DatabaseServer, 'url' | 'migrationUrl'>): boolean {
  return roleOf(database.url) === roleOf(database.migrationUrl);
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
