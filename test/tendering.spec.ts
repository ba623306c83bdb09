import { demoWorld, type DemoWorld } from './support/demo.js';
import { countQueries } from './support/query-counter.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const RECORD_BID = `mutation ($input: RecordBidInput!) { recordBid(input: $input) { id bidderId amount currency receivedAt disqualified disqualificationReason } }`;
const DISQUALIFY = `mutation ($input: DisqualifyBidInput!) { disqualifyBid(input: $input) { id disqualified disqualificationReason } }`;
const RECORD_AWARD = `mutation ($input: RecordAwardInput!) { recordAward(input: $input) { id supplierId amount currency awardedAt supplier { name } } }`;
const RECORD_CONTRACT = `mutation ($input: RecordContractInput!) { recordContract(input: $input) { id awardId procurementId value currency signedAt } }`;
const AMEND = `mutation ($input: AmendContractInput!) { amendContract(input: $input) { id contractId amendedAt description newValue } }`;

const TENDERING_VIEW = `query ($id: ID!) {
  procurement(id: $id) {
    bids { id amount bidder { id name } disqualified disqualificationReason }
    awards { id amount supplier { id } }
    contracts { id value currentValue amendments { newValue description } }
  }
}`;

/** The authority's record of bids, awards, contracts and amendments, and who may see and change it. */
describe('tendering data', () => {
  let app: TestApp;
  let world: DemoWorld;
  const ids: { bids: string[]; award?: string; contract?: string } = { bids: [] };

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
  });
  afterAll(() => app?.close());

  it('the authority records bids, a disqualification, the award, the contract and an amendment, each audited', async () => {
    const amounts = ['46250000.00', '47900000.50', '45100000'];
    for (const [index, amount] of amounts.entries()) {
      const { recordBid } = await app.ok(
        RECORD_BID,
        { input: { procurementId: world.procurementId, bidderId: world.bidderIds[index], amount, receivedAt: `2027-02-0${index + 5}T08:00:00Z` } },
        world.tokens.authority,
      );
      expect(recordBid).toMatchObject({ bidderId: world.bidderIds[index], currency: 'KES', disqualified: false, disqualificationReason: null });
      ids.bids.push(recordBid.id);
    }
    const { disqualifyBid } = await app.ok(DISQUALIFY, { input: { bidId: ids.bids[2], reason: 'No tax compliance certificate' } }, world.tokens.authority);
    expect(disqualifyBid).toEqual({ id: ids.bids[2], disqualified: true, disqualificationReason: 'No tax compliance certificate' });

    const { recordAward } = await app.ok(
      RECORD_AWARD,
      {
        input: {
          procurementId: world.procurementId,
          supplierId: world.bidderIds[0],
          amount: '46250000.00',
          currency: 'KES',
          awardedAt: '2027-03-01T10:00:00Z',
        },
      },
      world.tokens.authority,
    );
    expect(recordAward).toMatchObject({ supplierId: world.bidderIds[0], amount: '46250000.00', supplier: { name: 'Lodwar Medical Supplies Ltd' } });
    ids.award = recordAward.id;
    const { recordContract } = await app.ok(
      RECORD_CONTRACT,
      { input: { awardId: ids.award, value: '46250000.00', signedAt: '2027-03-15T10:00:00Z' } },
      world.tokens.authority,
    );
    expect(recordContract).toMatchObject({ awardId: ids.award, procurementId: world.procurementId, currency: 'KES' });
    ids.contract = recordContract.id;
    const { amendContract } = await app.ok(
      AMEND,
      {
        input: { contractId: ids.contract, amendedAt: '2027-06-01T10:00:00Z', description: 'Two more sub-county hospitals supplied', newValue: '50000000.00' },
      },
      world.tokens.authority,
    );
    expect(amendContract).toMatchObject({ contractId: ids.contract, newValue: '50000000.00' });

    const { procurement } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { auditTrail(page: { limit: 200 }) { items { action subjectType data } } } }`,
      { id: world.procurementId },
      world.tokens.authority,
    );
    const entries = procurement.auditTrail.items as Array<{ action: string; subjectType: string; data: Record<string, unknown> }>;
    expect(entries.filter((e) => e.action === 'bid.recorded')).toHaveLength(3);
    for (const action of ['bid.disqualified', 'award.recorded', 'contract.recorded', 'contract.amended'])
      expect(entries.map((e) => e.action)).toContain(action);
    expect(entries.find((e) => e.action === 'contract.amended')!.data).toMatchObject({ previousValue: '46250000.00', newValue: '50000000.00' });
  });

  it('the authority, monitor and implementer see every bid; a bidder sees only its own, and the award and contract', async () => {
    for (const token of [world.tokens.authority, world.tokens.monitor, world.tokens.implementer]) {
      const { procurement } = await app.ok(TENDERING_VIEW, { id: world.procurementId }, token);
      expect(procurement.bids.map((b: { id: string }) => b.id)).toEqual(ids.bids);
      expect(procurement.bids[2]).toMatchObject({ disqualified: true, disqualificationReason: 'No tax compliance certificate' });
      expect(procurement.awards).toEqual([{ id: ids.award, amount: '46250000.00', supplier: { id: world.bidderIds[0] } }]);
      expect(procurement.contracts).toEqual([
        {
          id: ids.contract,
          value: '46250000.00',
          currentValue: '50000000.00',
          amendments: [{ newValue: '50000000.00', description: 'Two more sub-county hospitals supplied' }],
        },
      ]);
    }
    for (const [index, token] of world.tokens.bidders.entries()) {
      const { procurement } = await app.ok(TENDERING_VIEW, { id: world.procurementId }, token);
      expect(procurement.bids.map((b: { bidder: { id: string } }) => b.bidder.id)).toEqual([world.bidderIds[index]]);
      expect(procurement.awards).toHaveLength(1);
      expect(procurement.contracts).toHaveLength(1);
    }
  });

  it('nobody but the authority records tendering data, and the public reads none of it', async () => {
    const attempts: Array<[string, Record<string, unknown>]> = [
      [RECORD_BID, { procurementId: world.procurementId, bidderId: world.bidderIds[1], amount: '1.00', receivedAt: '2027-02-07T08:00:00Z' }],
      [DISQUALIFY, { bidId: ids.bids[0], reason: 'Rival says so' }],
      [RECORD_AWARD, { procurementId: world.procurementId, supplierId: world.bidderIds[1], amount: '1.00', awardedAt: '2027-03-01T10:00:00Z' }],
      [RECORD_CONTRACT, { awardId: ids.award, value: '1.00', signedAt: '2027-03-15T10:00:00Z' }],
      [AMEND, { contractId: ids.contract, amendedAt: '2027-07-01T10:00:00Z', description: 'Quietly doubled', newValue: '99000000.00' }],
    ];
    for (const [mutation, input] of attempts) {
      for (const token of [world.tokens.bidders[0], world.tokens.bidders[1], world.tokens.monitor, world.tokens.implementer, world.tokens.partner]) {
        expect((await app.fails(mutation, { input }, token)).extensions.code).toBe('FORBIDDEN');
      }
      expect((await app.fails(mutation, { input })).extensions.code).toBe('UNAUTHENTICATED');
    }
    const { rows } = await app.sql.query(
      `SELECT (SELECT count(*) FROM bids)::int AS bids, (SELECT count(*) FROM awards)::int AS awards, (SELECT count(*) FROM contract_amendments)::int AS amendments`,
    );
    expect(rows[0]).toEqual({ bids: 3, awards: 1, amendments: 1 });
    expect((await app.fails(TENDERING_VIEW, { id: world.procurementId })).extensions.code).toBe('UNAUTHENTICATED');
  });

  it("another authority can neither record on nor read this authority's procurement", async () => {
    const { createOrganisation: roads } = await app.ok(
      `mutation { createOrganisation(input: { name: "Ministry of Roads", kind: CONTRACTING_AUTHORITY }) { id } }`,
      {},
      world.tokens.admin,
    );
    await app.ok(
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          email: 'roads@example.org',
          name: 'Roads Officer',
          password: 'long enough password',
          organisationId: roads.id,
          role: 'ADMIN',
          title: 'Procurement officer',
        },
      },
      world.tokens.admin,
    );
    const other = await app.login('roads@example.org', 'long enough password');
    const bid = await app.fails(
      RECORD_BID,
      { input: { procurementId: world.procurementId, bidderId: world.bidderIds[1], amount: '1.00', receivedAt: '2027-02-07T08:00:00Z' } },
      other,
    );
    expect(bid.extensions.code).toBe('FORBIDDEN');
    expect((await app.fails(DISQUALIFY, { input: { bidId: ids.bids[0], reason: 'Not mine to judge' } }, other)).extensions.code).toBe('FORBIDDEN');
    expect((await app.fails(TENDERING_VIEW, { id: world.procurementId }, other)).extensions.code).toBe('FORBIDDEN');
  });

  it('bad input names the field and why, unknown ids are NOT_FOUND, and nothing is stored', async () => {
    const invalid = await app.fails(
      RECORD_BID,
      { input: { procurementId: world.procurementId, bidderId: 'nope', amount: '12.345', currency: 'KSH', receivedAt: '2027-02-07T08:00:00Z' } },
      world.tokens.authority,
    );
    expect(invalid.extensions.code).toBe('BAD_USER_INPUT');
    expect((invalid.extensions.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['amount', 'bidderId', 'currency']);
    expect(invalid.message).toMatch(/amount must be a non-negative amount with at most 2 decimals/);
    expect(invalid.message).toMatch(/currency must be an ISO 4217 code/);
    const badDate = await app.gql(
      RECORD_BID,
      { input: { procurementId: world.procurementId, bidderId: world.bidderIds[0], amount: '1.00', receivedAt: 'yesterday' } },
      world.tokens.authority,
    );
    expect(badDate.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    const { createOrganisation: outsider } = await app.ok(
      `mutation { createOrganisation(input: { name: "Turkwel Traders", kind: BIDDER }) { id } }`,
      {},
      world.tokens.authority,
    );
    const notBidding = await app.fails(
      RECORD_BID,
      { input: { procurementId: world.procurementId, bidderId: outsider.id, amount: '1.00', receivedAt: '2027-02-07T08:00:00Z' } },
      world.tokens.authority,
    );
    expect(notBidding.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_TAKING_PART', fields: [{ field: 'bidderId' }] });
    const notAwardable = await app.fails(
      RECORD_AWARD,
      { input: { procurementId: world.procurementId, supplierId: outsider.id, amount: '1.00', awardedAt: '2027-03-01T10:00:00Z' } },
      world.tokens.authority,
    );
    expect(notAwardable.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_TAKING_PART', fields: [{ field: 'supplierId' }] });

    const missing = '00000000-0000-4000-8000-000000000000';
    const unknown: Array<[string, Record<string, unknown>, string]> = [
      [RECORD_BID, { procurementId: missing, bidderId: world.bidderIds[0], amount: '1.00', receivedAt: '2027-02-07T08:00:00Z' }, 'PROCUREMENT_NOT_FOUND'],
      [DISQUALIFY, { bidId: missing, reason: 'Whatever it was' }, 'BID_NOT_FOUND'],
      [RECORD_CONTRACT, { awardId: missing, value: '1.00', signedAt: '2027-03-15T10:00:00Z' }, 'AWARD_NOT_FOUND'],
      [AMEND, { contractId: missing, amendedAt: '2027-07-01T10:00:00Z', description: 'Nothing to amend', newValue: '1.00' }, 'CONTRACT_NOT_FOUND'],
    ];
    for (const [mutation, input, reason] of unknown) {
      expect((await app.fails(mutation, { input }, world.tokens.authority)).extensions).toMatchObject({ code: 'NOT_FOUND', reason });
    }

    const again = await app.fails(DISQUALIFY, { input: { bidId: ids.bids[2], reason: 'Late delivery schedule' } }, world.tokens.authority);
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', reason: 'BID_ALREADY_DISQUALIFIED' });
    const blank = await app.fails(DISQUALIFY, { input: { bidId: ids.bids[1], reason: '' } }, world.tokens.authority);
    expect(blank.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
    const early = await app.fails(RECORD_CONTRACT, { input: { awardId: ids.award, value: '1.00', signedAt: '2027-02-01T10:00:00Z' } }, world.tokens.authority);
    expect(early.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SIGNED_BEFORE_AWARD', fields: [{ field: 'signedAt' }] });
    const beforeSigning = await app.fails(
      AMEND,
      { input: { contractId: ids.contract, amendedAt: '2027-03-01T10:00:00Z', description: 'Backdated change', newValue: '1.00' } },
      world.tokens.authority,
    );
    expect(beforeSigning.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AMENDED_BEFORE_SIGNING', fields: [{ field: 'amendedAt' }] });

    const { rows } = await app.sql.query(
      `SELECT (SELECT count(*) FROM bids)::int AS bids, (SELECT count(*) FROM bids WHERE disqualified)::int AS disqualified,
              (SELECT count(*) FROM awards)::int AS awards, (SELECT count(*) FROM contracts)::int AS contracts, (SELECT count(*) FROM contract_amendments)::int AS amendments`,
    );
    expect(rows[0]).toEqual({ bids: 3, disqualified: 1, awards: 1, contracts: 1, amendments: 1 });
  });

  it('loads bids, awards, contracts and amendments of a whole list in the same number of queries however long it is', async () => {
    const LIST = `{ procurements(page: { limit: 50 }) { items { bids { amount bidder { name } } awards { supplier { name } } contracts { currentValue amendments { newValue } } } } }`;
    const addProcurements = async (count: number, from: number) => {
      for (let i = from; i < from + count; i++) {
        const { createProcurement } = await app.ok(
          `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
          { input: { reference: `TENDER/${i}`, title: `Tender ${i}`, authorityId: world.authorityId, monitorId: world.monitorId, currency: 'KES' } },
          world.tokens.authority,
        );
        const procurementId = createProcurement.id;
        for (const bidderId of world.bidderIds) {
          await app.ok(
            `mutation ($input: AddBidderInput!) { addBidder(input: $input) { bidderId } }`,
            { input: { procurementId, bidderId } },
            world.tokens.authority,
          );
          await app.ok(RECORD_BID, { input: { procurementId, bidderId, amount: '1000.00', receivedAt: '2027-02-01T08:00:00Z' } }, world.tokens.authority);
        }
        const { recordAward } = await app.ok(
          RECORD_AWARD,
          { input: { procurementId, supplierId: world.bidderIds[0], amount: '1000.00', awardedAt: '2027-03-01T10:00:00Z' } },
          world.tokens.authority,
        );
        const { recordContract } = await app.ok(
          RECORD_CONTRACT,
          { input: { awardId: recordAward.id, value: '1000.00', signedAt: '2027-03-15T10:00:00Z' } },
          world.tokens.authority,
        );
        await app.ok(
          AMEND,
          { input: { contractId: recordContract.id, amendedAt: '2027-06-01T10:00:00Z', description: 'More', newValue: '1100.00' } },
          world.tokens.authority,
        );
      }
    };
    // Whether two sibling lists meet in one batch can depend on when a query returns; the fewest
    // queries over a few runs is what the loading itself costs.
    const measure = async () => {
      const runs = [];
      for (let run = 0; run < 3; run++) runs.push(await countQueries(app, () => app.ok(LIST, {}, world.tokens.monitor)));
      return { queries: Math.min(...runs.map((r) => r.queries)), items: runs[0].result.procurements.items.length };
    };
    await addProcurements(2, 1);
    const small = await measure();
    await addProcurements(4, 3);
    const large = await measure();
    expect([small.items, large.items]).toEqual([3, 7]);
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThanOrEqual(9);
  });
});
