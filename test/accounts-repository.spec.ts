import { AccountsRepository } from '../src/accounts/accounts.repository.js';
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
});
