import { AuthRepository } from '../src/auth/auth.repository.js';
import { MembershipRole, OrganisationKind } from '../src/authorization/roles.js';
import { DEMO_ACCOUNTS } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written SQL of the auth repository against the demo accounts. */
describe('AuthRepository', () => {
  let app: TestApp;
  let db: RepositoryFixture<AuthRepository>;
  const userId = (email: string) => db.idOf('SELECT id FROM users WHERE email = $1', email);

  beforeAll(async () => {
    app = await startTestApp();
    db = repositoryFixture(app, AuthRepository);
  });
  afterAll(() => app?.close());

  it('credentialsByEmail finds the account in any letter case, with its password hash, and nothing for an unknown email', async () => {
    const found = await db.repository.credentialsByEmail(db.reader, DEMO_ACCOUNTS.monitor.toUpperCase());
    expect(found?.id).toBe(await userId(DEMO_ACCOUNTS.monitor));
    expect(found?.passwordHash).toMatch(/\S{20,}/);
    expect(await db.repository.credentialsByEmail(db.reader, 'nobody@pactwatch.demo')).toBeUndefined();
  });

  it('viewerUser loads each membership with its organisation, none for an account without one, and null for no account', async () => {
    const convener = await db.repository.viewerUser(db.reader, await userId(DEMO_ACCOUNTS.convener));
    expect(convener).toMatchObject({ email: DEMO_ACCOUNTS.convener, name: 'Daniel Ewoi', platformAdmin: false });
    expect(convener!.memberships).toEqual([
      {
        organisationId: expect.any(String),
        organisationKind: OrganisationKind.REFERRAL_PARTNER,
        organisationName: 'Turkana Community Health Partners',
        role: MembershipRole.CONVENER,
        title: 'Convener, Uwajibikaji Pamoja',
      },
    ]);
    const admin = await db.repository.viewerUser(db.reader, await userId(DEMO_ACCOUNTS.admin));
    expect(admin).toMatchObject({ platformAdmin: true, memberships: [] });
    expect(await db.repository.viewerUser(db.reader, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
