import { TenderingRepository } from '../src/tendering/tendering.repository.js';
import { DEMO_ACCOUNTS, demoWorld, type DemoWorld } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const RECORD_BID = `mutation ($input: RecordBidInput!) { recordBid(input: $input) { id } }`;
const RECORD_AWARD = `mutation ($input: RecordAwardInput!) { recordAward(input: $input) { id } }`;
const RECORD_CONTRACT = `mutation ($input: RecordContractInput!) { recordContract(input: $input) { id } }`;
const AMEND = `mutation ($input: AmendContractInput!) { amendContract(input: $input) { id } }`;

/** Pins the query builders of the tendering repository: two bids, an award, a contract amended twice (recorded out of order). */
describe('TenderingRepository', () => {
  let app: TestApp;
  let world: DemoWorld;
  let db: RepositoryFixture<TenderingRepository>;
  let contractId: string;
  const unknown = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    db = repositoryFixture(app, TenderingRepository);
    const as = world.tokens.authority;
    // Received out of order of recording: the list follows receipt.
    for (const [index, receivedAt] of ['2027-02-06T08:00:00Z', '2027-02-05T08:00:00Z'].entries()) {
      await app.ok(RECORD_BID, { input: { procurementId: world.procurementId, bidderId: world.bidderIds[index], amount: '100.00', receivedAt } }, as);
    }
    const { recordAward } = await app.ok(
      RECORD_AWARD,
      { input: { procurementId: world.procurementId, supplierId: world.bidderIds[0], amount: '100.00', awardedAt: '2027-03-01T10:00:00Z' } },
      as,
    );
    contractId = (await app.ok(RECORD_CONTRACT, { input: { awardId: recordAward.id, value: '100.00', signedAt: '2027-03-15T10:00:00Z' } }, as)).recordContract
      .id;
    await app.ok(AMEND, { input: { contractId, amendedAt: '2027-07-01T10:00:00Z', description: 'later', newValue: '120.00' } }, as);
    await app.ok(AMEND, { input: { contractId, amendedAt: '2027-06-01T10:00:00Z', description: 'earlier', newValue: '110.00' } }, as);
  });
  afterAll(() => app?.close());

  it('visibleBids gives the authority every bid in order of receipt, a bidder only its own, the public none', async () => {
    const bidders = async (email: string) =>
      (await db.repository.visibleBids(db.reader, await db.abilityOf(email), [world.procurementId])).map((b) => b.bidderId);
    expect(await bidders(DEMO_ACCOUNTS.authority)).toEqual([world.bidderIds[1], world.bidderIds[0]]);
    expect(await bidders(DEMO_ACCOUNTS.bidders[1])).toEqual([world.bidderIds[1]]);
    expect(await bidders(DEMO_ACCOUNTS.bidders[2])).toEqual([]);
    expect(await bidders(DEMO_ACCOUNTS.partner)).toEqual([]);
    expect(await db.repository.visibleBids(db.reader, await db.abilityOf(DEMO_ACCOUNTS.authority), [unknown])).toEqual([]);
  });

  it('visibleAwards and visibleContracts show the taking-part bidders and hide them from others', async () => {
    const bidder = await db.abilityOf(DEMO_ACCOUNTS.bidders[2]);
    expect(await db.repository.visibleAwards(db.reader, bidder, [world.procurementId])).toHaveLength(1);
    expect((await db.repository.visibleContracts(db.reader, bidder, [world.procurementId])).map((c) => c.id)).toEqual([contractId]);
    const partner = await db.abilityOf(DEMO_ACCOUNTS.partner);
    expect(await db.repository.visibleAwards(db.reader, partner, [world.procurementId])).toEqual([]);
    expect(await db.repository.visibleContracts(db.reader, partner, [world.procurementId])).toEqual([]);
  });

  it('amendmentsOf returns the amendments of the contracts asked for, by amendment date', async () => {
    expect((await db.repository.amendmentsOf(db.reader, [contractId])).map((m) => m.description)).toEqual(['earlier', 'later']);
    expect(await db.repository.amendmentsOf(db.reader, [unknown])).toEqual([]);
  });
});
