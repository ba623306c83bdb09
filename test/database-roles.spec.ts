import pg from 'pg';
import { GUARDED_TABLES, roleOf } from '../src/database/database-roles.js';
import { migrateDatabase } from '../src/database/migrate-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** PostgreSQL's insufficient_privilege: what the database answers a role that may not do something. */
const NOT_ALLOWED = '42501';

/** Runs `statement` as `client` in a transaction that is always rolled back, and returns the error code it failed with, if any. */
async function attempt(client: pg.Client, statement: string): Promise<string | undefined> {
  await client.query('BEGIN');
  try {
    await client.query(statement);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('database roles', () => {
  let app: TestApp;
  let asApplication: pg.Client;
  let insertOnly: Array<{ name: string; guard: string; column: string }>;

  beforeAll(async () => {
    app = await startTestApp();
    asApplication = new pg.Client({ connectionString: app.appUrl });
    await asApplication.connect();
    const { rows } = await app.sql.query<{ name: string; guard: string; column: string }>(`
      SELECT guarded.name::text AS name,
        (SELECT tgname FROM pg_trigger WHERE tgrelid = guarded.name AND tgfoid = 'refuse_change'::regproc LIMIT 1) AS guard,
        (SELECT attname FROM pg_attribute WHERE attrelid = guarded.name AND attnum = 1) AS column
      FROM (${GUARDED_TABLES}) guarded WHERE refuses_update AND refuses_delete ORDER BY 1`);
    insertOnly = rows;
  });

  afterAll(async () => {
    await asApplication?.end();
    await app?.close();
  });

  it('finds every insert-only table by its refuse_change trigger', () => {
    expect(insertOnly.map((table) => table.name)).toEqual(
      expect.arrayContaining(['audit_entries', 'finding_evidence', 'finding_notes', 'finding_responses', 'pact_versions', 'published_reports', 'signatures']),
    );
  });

  it('runs the platform as the application role, which is no superuser and owns nothing of the schema', async () => {
    const { rows: sessions } = await app.sql.query(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name IN ('pactwatch', 'pactwatch-queue')`,
    );
    expect(sessions).toEqual([{ usename: roleOf(app.appUrl) }]);
    const { rows } = await app.sql.query(
      `SELECT rolsuper, rolcreaterole, rolcreatedb,
         (SELECT count(*)::int FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner = role.oid) AS owned_tables,
         (SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proowner = role.oid) AS owned_functions
       FROM pg_roles role WHERE rolname = $1`,
      [roleOf(app.appUrl)],
    );
    expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false, owned_tables: 0, owned_functions: 0 }]);
  });

  it('lets the application role read and add rows to an insert-only table', async () => {
    const { rows } = await asApplication.query('SELECT count(*)::int AS n FROM audit_entries');
    expect(rows[0].n).toBeGreaterThan(0);
    // PostgreSQL checks the privilege before it finds there is nothing to insert.
    expect(await attempt(asApplication, `INSERT INTO audit_entries SELECT * FROM audit_entries WHERE false`)).toBeUndefined();
  });

  it.each([
    ['UPDATE', (t: Table) => `UPDATE ${t.name} SET ${t.column} = ${t.column} WHERE false`],
    ['DELETE', (t: Table) => `DELETE FROM ${t.name} WHERE false`],
    ['TRUNCATE', (t: Table) => `TRUNCATE ${t.name} CASCADE`],
    ['DISABLE TRIGGER', (t: Table) => `ALTER TABLE ${t.name} DISABLE TRIGGER ${t.guard}`],
    ['DROP TRIGGER', (t: Table) => `DROP TRIGGER ${t.guard} ON ${t.name}`],
    ['RENAME', (t: Table) => `ALTER TABLE ${t.name} RENAME TO ${t.name}_renamed`],
    [
      'CREATE OR REPLACE FUNCTION refuse_change',
      () => `CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
    ],
  ])('refuses %s on every insert-only table to the application role', async (_, statement) => {
    const answers: Record<string, string | undefined> = {};
    for (const table of insertOnly) answers[table.name] = await attempt(asApplication, statement(table));
    expect(answers).toEqual(Object.fromEntries(insertOnly.map((table) => [table.name, NOT_ALLOWED])));
  });

  it('covers a table a later migration adds with the refuse_change trigger, once the migration step has run', async () => {
    const owner = new pg.Client({ connectionString: app.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`
        CREATE TABLE later_records (id serial PRIMARY KEY, body text NOT NULL);
        CREATE TRIGGER later_records_insert_only BEFORE UPDATE OR DELETE ON later_records FOR EACH ROW EXECUTE FUNCTION refuse_change();`);
    } finally {
      await owner.end();
    }
    await migrateDatabase({ url: app.appUrl, migrationUrl: app.ownerUrl });
    await asApplication.query(`INSERT INTO later_records (body) VALUES ('kept')`);
    expect(await attempt(asApplication, `UPDATE later_records SET body = 'changed'`)).toBe(NOT_ALLOWED);
    expect(await attempt(asApplication, `DELETE FROM later_records`)).toBe(NOT_ALLOWED);
    expect(await attempt(asApplication, `TRUNCATE later_records`)).toBe(NOT_ALLOWED);
  });
});

type Table = { name: string; guard: string; column: string };
