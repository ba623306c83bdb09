import { spawn } from 'node:child_process';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Runs `src/cli.ts` on this file's database, as an operator would, feeding `stdin` to it. */
function cli(app: TestApp, args: string[], stdin = ''): Promise<{ code: number | null; stdout: string }> {
  const url = new URL(process.env.PACTWATCH_TEST_SERVER_URL!);
  url.pathname = `/${app.database}`;
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/cli.ts', ...args], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: url.toString() },
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
    for (const command of ['migrate', 'audit:verify', 'ocds:import', 'ocds:export', 'seed', 'admin:create']) expect(all.stdout).toContain(command);
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
});
