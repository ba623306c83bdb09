import { APP_CONFIG } from '../src/config/app-config.js';
import type { ResolvedConfig } from '../src/config/secrets.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/seed/demo-seeder.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { token } }`;
const ME = '{ me { email } }';

/** Sign-in as an integrator and an attacker see it: logout, an administrator's revocation, and the login limits. */
describe('sign-in, tokens and revocation', () => {
  let app: TestApp;
  let second: TestApp;
  /** Instances of one deployment share the token secret. */
  const sameSecret = () => ({ tokenSecret: app.running.app.get<ResolvedConfig>(APP_CONFIG).tokenSecret });

  beforeAll(async () => {
    app = await startTestApp({ loginLimits: { failuresPerAddress: 6, failuresPerAccount: 9, windowSeconds: 900 } });
    // A second instance on the same database: revocation must hold on every instance.
    second = await startTestApp(sameSecret(), { sharedDatabase: app.database });
  });
  afterAll(async () => {
    await second?.close();
    await app?.close();
  });

  const meOn = (instance: TestApp, token: string) => instance.gql<{ me: { email: string } }>(ME, {}, token);

  it('logout revokes the token it is sent with, on every instance, and leaves other tokens working', async () => {
    const token = await app.login(DEMO_ACCOUNTS.monitor);
    const other = await app.login(DEMO_ACCOUNTS.monitor);
    expect((await meOn(second, token)).data.me.email).toBe(DEMO_ACCOUNTS.monitor);
    expect(await app.ok('mutation { logout }', {}, token)).toEqual({ logout: true });
    for (const instance of [app, second]) {
      expect((await meOn(instance, token)).errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });
    }
    expect((await meOn(second, other)).data.me.email).toBe(DEMO_ACCOUNTS.monitor);
    expect((await app.fails('mutation { logout }')).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lets a platform administrator revoke every token of a user, and nobody else', async () => {
    const admin = await app.login(DEMO_ACCOUNTS.admin);
    const tokens = [await app.login(DEMO_ACCOUNTS.implementer), await second.login(DEMO_ACCOUNTS.implementer)];
    const { rows } = await app.sql.query('SELECT id FROM users WHERE email = $1', [DEMO_ACCOUNTS.implementer]);
    const revoke = `mutation ($userId: ID!) { revokeUserTokens(userId: $userId) }`;
    expect((await app.fails(revoke, { userId: rows[0].id }, tokens[0])).extensions.code).toBe('FORBIDDEN');
    expect((await meOn(app, tokens[0])).data.me.email).toBe(DEMO_ACCOUNTS.implementer);

    expect(await second.ok(revoke, { userId: rows[0].id }, admin)).toEqual({ revokeUserTokens: true });
    for (const token of tokens) {
      for (const instance of [app, second]) expect((await meOn(instance, token)).errors?.[0].extensions.reason).toBe('INVALID_TOKEN');
    }
    // A login after the revocation gives a working token at once, even within the same second.
    expect((await meOn(app, await app.login(DEMO_ACCOUNTS.implementer))).data.me.email).toBe(DEMO_ACCOUNTS.implementer);
    const audit = await app.sql.query(`SELECT actor_id FROM audit_entries WHERE action = 'user.tokens-revoked' AND subject_id = $1`, [rows[0].id]);
    expect(audit.rows).toHaveLength(1);
    expect((await app.fails(revoke, { userId: '00000000-0000-4000-8000-000000000000' }, admin)).extensions.code).toBe('NOT_FOUND');
  });

  const attempt = (instance: TestApp, email: string, password = 'Spring2026!', forwardedFor?: string) =>
    fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ query: LOGIN, variables: { input: { email, password } } }),
    }).then(async (response) => ((await response.json()) as { errors?: Array<{ extensions: { code: string } }> }).errors?.[0].extensions.code ?? 'OK');

  it('limits one address spraying a password across many accounts', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push(await attempt(app, `sprayed-${i}@pactwatch.demo`));
    expect(codes).toEqual([...Array(6).fill('UNAUTHENTICATED'), 'RATE_LIMITED', 'RATE_LIMITED']);
    // Refused before the password is checked: the right one reveals nothing either.
    expect(await attempt(app, DEMO_ACCOUNTS.partner, DEMO_PASSWORD)).toBe('RATE_LIMITED');
    await app.sql.query(`DELETE FROM rate_limits`);
  });

  it('limits one account attacked from many addresses, and ignores X-Forwarded-For from an untrusted client', async () => {
    const trusting = await startTestApp(
      { ...sameSecret(), trustedProxies: ['127.0.0.1'], loginLimits: { failuresPerAddress: 6, failuresPerAccount: 9, windowSeconds: 900 } },
      { sharedDatabase: app.database },
    );
    try {
      // Behind a trusted proxy, each forwarded address is a client of its own: 12 addresses, 1 guess each.
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) codes.push(await attempt(trusting, DEMO_ACCOUNTS.waterPartner, 'guess', `203.0.113.${i + 1}`));
      expect(codes).toEqual([...Array(9).fill('UNAUTHENTICATED'), 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
      expect(await attempt(trusting, DEMO_ACCOUNTS.waterPartner, DEMO_PASSWORD, '203.0.113.99')).toBe('RATE_LIMITED');
      // The per-address count of those addresses is not spent: another account still signs in from them.
      expect(await attempt(trusting, DEMO_ACCOUNTS.convener, DEMO_PASSWORD, '203.0.113.1')).toBe('OK');
      await app.sql.query(`DELETE FROM rate_limits`);

      // Without trust, a forged X-Forwarded-For changes nothing: every attempt counts against 127.0.0.1.
      const forged: string[] = [];
      for (let i = 0; i < 7; i++) forged.push(await attempt(app, `forged-${i}@pactwatch.demo`, 'guess', `198.51.100.${i + 1}`));
      expect(forged).toEqual([...Array(6).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
      const { rows } = await app.sql.query(`SELECT key FROM rate_limits WHERE key LIKE 'login-address:%'`);
      expect(rows.map((r: { key: string }) => r.key)).toEqual(['login-address:127.0.0.1']);
    } finally {
      await trusting.close();
      await app.sql.query(`DELETE FROM rate_limits`);
    }
  });

  it('keeps other accounts and other addresses signing in while one is locked', async () => {
    for (let i = 0; i < 9; i++) await attempt(second, DEMO_ACCOUNTS.convener, 'guess');
    await app.sql.query(`DELETE FROM rate_limits WHERE key LIKE 'login-address:%'`);
    expect(await attempt(app, DEMO_ACCOUNTS.convener, DEMO_PASSWORD)).toBe('RATE_LIMITED');
    expect(await attempt(app, DEMO_ACCOUNTS.partner, DEMO_PASSWORD)).toBe('OK');
  });
});
