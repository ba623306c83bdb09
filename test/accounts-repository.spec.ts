import { AccountsRepository } from '../src/accounts/accounts.repository.js';
import { defineAbilityFor } from '../src/authorization/ability.factory.js';
import { OrganisationKind } from '../src/authorization/roles.js';
import { DEMO_ACCOUNTS } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the query builders of the accounts repository against the demo organisations and users. */
describe('AccountsRepository', () => {
  let app: TestApp;
  let db: RepositoryFixture<AccountsRepository>;
  const page = { limit: 50, offset: 0 };

  beforeAll(async () => {
    app = await startTestApp();
    db = repositoryFixture(app, AccountsRepository);
  });
  afterAll(() => app?.close());

  it('organisationsPage filters by kind and by a name fragment in any case, in name order', async () => {
    const names = async (filter: object, slice = page) => (await db.repository.organisationsPage(db.reader, filter, slice))[0].map((o) => o.name);
    expect(await names({ kind: OrganisationKind.BIDDER })).toEqual([
      'Kakuma Health Logistics',
      'Lodwar Medical Supplies Ltd',
      'Rift Valley Pharma Distributors',
    ]);
    expect(await names({ nameContains: 'PHARMA' })).toEqual(['Rift Valley Pharma Distributors']);
    expect(await names({ kind: OrganisationKind.MONITOR, nameContains: 'pharma' })).toEqual([]);
    const [second, total] = await db.repository.organisationsPage(db.reader, { kind: OrganisationKind.BIDDER }, { limit: 1, offset: 1 });
    expect([second.map((o) => o.name), total]).toEqual([['Lodwar Medical Supplies Ltd'], 3]);
  });

  it('organisationsPage takes % and _ literally', async () => {
    expect((await db.repository.organisationsPage(db.reader, { nameContains: '%' }, page))[0]).toEqual([]);
    expect((await db.repository.organisationsPage(db.reader, { nameContains: 'Kakuma_Health' }, page))[0]).toEqual([]);
  });

  it('emailTaken matches an account whatever the letter case, and only that account', async () => {
    expect(await db.repository.emailTaken(db.reader, DEMO_ACCOUNTS.authority.toUpperCase())).toBe(true);
    expect(await db.repository.emailTaken(db.reader, 'nobody@pactwatch.demo')).toBe(false);
  });

  it('usersPage lists every account to a platform administrator and only their own to anyone else, in name order', async () => {
    const { rows } = await app.sql.query<{ id: string; email: string }>(`SELECT id, email FROM users ORDER BY name, id`);
    const [all, total] = await db.repository.usersPage(
      db.reader,
      defineAbilityFor({ id: rows[0].id, email: rows[0].email, name: 'Admin', platformAdmin: true, memberships: [] }),
      { limit: 2, offset: 1 },
    );
    expect([all.map((u) => u.id), total]).toEqual([rows.slice(1, 3).map((r) => r.id), rows.length]);
    const own = await db.repository.usersPage(
      db.reader,
      defineAbilityFor({ id: rows[2].id, email: rows[2].email, name: 'Someone', platformAdmin: false, memberships: [] }),
      page,
    );
    expect([own[0].map((u) => u.id), own[1]]).toEqual([[rows[2].id], 1]);
  });

  it('membershipsOfUsers and membersOfOrganisation name both sides; userIdByEmail and userNames find accounts', async () => {
    const authorityId = await db.repository.userIdByEmail(db.reader, DEMO_ACCOUNTS.authority.toUpperCase());
    expect(authorityId).toEqual(expect.any(String));
    expect(await db.repository.userIdByEmail(db.reader, 'nobody@pactwatch.demo')).toBeNull();
    const [membership] = await db.repository.membershipsOfUsers(db.reader, [authorityId!]);
    expect(membership).toEqual(
      expect.objectContaining({
        userId: authorityId,
        email: DEMO_ACCOUNTS.authority,
        userName: 'Amina Ekal',
        role: 'ADMIN',
        title: 'Head of Supply Chain Management',
      }),
    );
    const members = await db.repository.membersOfOrganisation(db.reader, membership.organisationId);
    expect(members.map((m) => m.userId)).toContain(authorityId);
    expect(members.every((m) => m.organisationName === membership.organisationName)).toBe(true);
    expect(await db.repository.userNames(db.reader, [authorityId!])).toEqual([{ id: authorityId, name: 'Amina Ekal' }]);
  });
});
