import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { readOrCreateSecret } from '../config/secrets.js';
import { ensureLoginRole, transferOwnershipSql, withRole } from './database-roles.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseServer {
  /** Connection string the running platform uses: the application role. */
  url: string;
  /** Connection string migrations run with: the owner role (the same as `url` when an operator gives one URL for both). */
  migrationUrl: string;
  stop(): Promise<void>;
}

/** A login role and its password. */
export interface RoleLogin {
  name: string;
  password: string;
}

const APP_DATABASE = 'pactwatch';
const OWNER_ROLE = 'pactwatch_owner';
const APP_ROLE = 'pactwatch_app';

/**
 * DATABASE_URL (with MIGRATION_DATABASE_URL for migrations) when given; otherwise an embedded
 * cluster in the data folder, where the superuser only bootstraps the two roles and the
 * `pactwatch` database: the platform then works as they would on a server of their own.
 */
export async function openDatabaseServer(config: AppConfig, log: (line: string) => void): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, migrationUrl: config.migrationDatabaseUrl ?? config.databaseUrl, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres(config.dataDir, log);
  try {
    const roles = await embeddedRoles(config.dataDir);
    return { ...(await bootstrapDatabase(embedded.serverUrl, APP_DATABASE, roles)), stop: () => embedded.stop() };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/** The embedded cluster's two roles; their passwords are generated once and kept in the data folder like the superuser's. */
async function embeddedRoles(dataDir: string): Promise<{ owner: RoleLogin; app: RoleLogin }> {
  const password = () => randomBytes(18).toString('base64url');
  return {
    owner: { name: OWNER_ROLE, password: await readOrCreateSecret(join(dataDir, 'postgres-owner-password'), password) },
    app: { name: APP_ROLE, password: await readOrCreateSecret(join(dataDir, 'postgres-app-password'), password) },
  };
}

/**
 * As the superuser of `serverUrl`: creates (or updates) both login roles, lets the owner act for
 * the application role, and creates `database` owned by the owner. A database made before the
 * platform had two roles is adopted: its tables go to the owner, the job queue to the application role.
 * Returns the application's and the migrations' connection strings for `database`.
 */
export async function bootstrapDatabase(
  serverUrl: string,
  database: string,
  roles: { owner: RoleLogin; app: RoleLogin },
): Promise<{ url: string; migrationUrl: string }> {
  const superuser = new pg.Client({ connectionString: serverUrl });
  await superuser.connect();
  let adopt = false;
  try {
    await ensureLoginRole(superuser, roles.owner.name, roles.owner.password);
    await ensureLoginRole(superuser, roles.app.name, roles.app.password);
    await superuser.query(`GRANT ${pg.escapeIdentifier(roles.app.name)} TO ${pg.escapeIdentifier(roles.owner.name)}`);
    const { rows } = await superuser.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [database]);
    if (!rows.length) await createDatabase(superuser, database, roles.owner.name);
    else if (rows[0].owner !== roles.owner.name) {
      await superuser.query(`ALTER DATABASE ${pg.escapeIdentifier(database)} OWNER TO ${pg.escapeIdentifier(roles.owner.name)}`);
      adopt = true;
    }
  } finally {
    await superuser.end();
  }
  const databaseUrl = withDatabase(serverUrl, database);
  if (adopt) await adoptObjects(databaseUrl, roles.owner.name, roles.app.name);
  return { url: withRole(databaseUrl, roles.app.name, roles.app.password), migrationUrl: withRole(databaseUrl, roles.owner.name, roles.owner.password) };
}

async function adoptObjects(databaseUrl: string, owner: string, app: string): Promise<void> {
  const superuser = new pg.Client({ connectionString: databaseUrl });
  await superuser.connect();
  try {
    await superuser.query(transferOwnershipSql('public', owner));
    await superuser.query(transferOwnershipSql('pgboss', app));
  } finally {
    await superuser.end();
  }
}

export async function createDatabase(client: pg.ClientBase | pg.Pool, name: string, owner: string, template?: string): Promise<void> {
  const copy = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
  await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} OWNER ${pg.escapeIdentifier(owner)}${copy}`);
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
