import { spawn } from 'node:child_process';
import pg from 'pg';
import { roleOf, withRole } from '../src/database/database-roles.js';
import { createDatabase, withDatabase } from '../src/database/database-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TEMPLATE_ENV } from './support/test-database.js';

/**
 * Runs `src/cli.ts` on this file's database, as an operator would, feeding `stdin` to it: the
 * application role in DATABASE_URL, the owner in MIGRATION_DATABASE_URL.
 */
function cli(app: TestApp, args: string[], stdin = '', env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/cli.ts', ...args], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: app.appUrl, MIGRATION_DATABASE_URL: app.ownerUrl, ...env },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((done) => child.on('close', (code) => done({ code, stdout })));
}

describe('command-line tools', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists every command, and explains one', async () => {
    const [all, one] = await Promise.all([cli(app, ['--help']), cli(app, ['admin:create', '--help'])]);
    for (const command of ['migrate', 'audit:verify', 'ocds:import', 'ocds:export', 'seed', 'admin:create', 'db:create-app-role']) {
      expect(all.stdout).toContain(command);
    }
    expect(one.stdout).toContain('--email <email>');
    expect(one.stdout).toContain('--name <name>');
  }, 60_000);

  it('migrate --check passes on a migrated database', async () => {
    const check = await cli(app, ['migrate', '--check']);
    expect(check).toEqual({ code: 0, stdout: 'no pending migrations\n' });
  }, 60_000);

  it('admin:create makes an account that logs in with platform rights, and refuses a weak password or a taken email', async () => {
    const created = await cli(app, ['admin:create', '--email', 'Operator@County.example', '--name', 'Amina Operator'], 'a long enough passphrase\n');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/created platform administrator operator@county\.example/);

    const token = await app.login('operator@county.example', 'a long enough passphrase');
    // Only a platform administrator may register a monitoring organisation.
    const made = await app.ok(`mutation { createOrganisation(input: { name: "Lake Region Monitors", kind: MONITOR }) { kind } }`, {}, token);
    expect(made.createOrganisation.kind).toBe('MONITOR');
    const { rows } = await app.sql.query(`SELECT actor_id, data FROM audit_entries WHERE action = 'user.platform-admin-created'`);
    expect(rows).toEqual([{ actor_id: null, data: { via: 'cli' } }]);

    const [weak, taken] = await Promise.all([
      cli(app, ['admin:create', '--email', 'second@county.example', '--name', 'Second'], 'short\n'),
      cli(app, ['admin:create', '--email', 'OPERATOR@county.example', '--name', 'Again'], 'another long passphrase\n'),
    ]);
    expect(weak).toEqual({ code: 1, stdout: 'refused: the password must be 12 to 200 characters\n' });
    expect(taken.code).toBe(1);
    expect(taken.stdout).toContain('refused: An account with OPERATOR@county.example already exists');
    const { rows: admins } = await app.sql.query(`SELECT count(*)::int AS n FROM users WHERE platform_admin AND email LIKE '%county.example'`);
    expect(admins).toEqual([{ n: 1 }]);
  }, 120_000);

  it('db:create-app-role prints the SQL, and with --apply creates a role that may add audit entries but not rewrite them', async () => {
    const role = `pactwatch_cli_app_${process.pid}`;
    const printed = await cli(app, ['db:create-app-role', '--name', role]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(`CREATE ROLE "${role}" LOGIN NOSUPERUSER`);
    expect(printed.stdout).not.toContain('PASSWORD');

    // A database of its own, since the new role takes over the job queue's schema; creating roles
    // is an extra right the test's owner holds only for this.
    const database = `pactwatch_cli_roles_${process.pid}`;
    await createDatabase(app.sql, database, roleOf(app.ownerUrl), process.env[TEMPLATE_ENV]);
    await app.sql.query(`ALTER ROLE ${roleOf(app.ownerUrl)} CREATEROLE`);
    const roleUrl = withRole(withDatabase(app.appUrl, database), role, 'a generated secret');
    const env = { DATABASE_URL: roleUrl, MIGRATION_DATABASE_URL: withDatabase(app.ownerUrl, database) };
    try {
      const applied = await cli(app, ['db:create-app-role', '--apply'], '', env);
      expect(applied).toEqual({ code: 0, stdout: `created application role ${role}\n` });
      const again = await cli(app, ['db:create-app-role', '--apply'], '', env);
      expect(again).toEqual({ code: 0, stdout: `granted application role ${role}\n` });

      const asRole = new pg.Client({ connectionString: roleUrl });
      await asRole.connect();
      try {
        const { rows } = await asRole.query('SELECT count(*)::int AS n FROM audit_entries');
        expect(rows[0].n).toBeGreaterThan(0);
        await expect(asRole.query(`UPDATE audit_entries SET action = action WHERE false`)).rejects.toMatchObject({ code: '42501' });
        await expect(asRole.query(`TRUNCATE signatures CASCADE`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await asRole.end();
      }
    } finally {
      await app.sql.query(`ALTER ROLE ${roleOf(app.ownerUrl)} NOCREATEROLE`);
      await app.sql.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await app.sql.query(`DROP ROLE IF EXISTS ${role}`);
    }
  }, 120_000);
});
