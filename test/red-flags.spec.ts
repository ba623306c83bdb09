import { PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { countQueries } from './support/query-counter.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Flag {
  id: string;
  code: string;
  triggered: boolean;
  evidence: Record<string, any>;
  threshold: number | null;
  status: 'OPEN' | 'CONFIRMED' | 'DISMISSED';
  findingId: string | null;
  dismissalReason: string | null;
  indicator: { title: string };
}

const FLAGS = `query ($id: ID!) { procurement(id: $id) { redFlags { id code triggered evidence threshold status findingId dismissalReason indicator { title } } } }`;
const CONFIRM = `mutation ($input: ConfirmRedFlagInput!) { confirmRedFlag(input: $input) { id status findingId decidedBy decidedAt } }`;
const DISMISS = `mutation ($input: DismissRedFlagInput!) { dismissRedFlag(input: $input) { id status dismissalReason decidedBy } }`;
const SETTING = `mutation ($input: UpdateRedFlagSettingInput!) { updateRedFlagSetting(input: $input) { code threshold defaultThreshold thresholdUnit enabled } }`;

/** Red flags computed from a procurement's own data, recomputed as it changes, and the monitor's decisions on them. */
describe('red flags', () => {
  let app: TestApp;
  let world: DemoWorld;
  let counter = 0;

  const as = (token: string) => ({
    bid: async (procurementId: string, bidder: number, amount: string, receivedAt = '2027-02-01T08:00:00Z'): Promise<string> =>
      (
        await app.ok(
          `mutation ($input: RecordBidInput!) { recordBid(input: $input) { id } }`,
          { input: { procurementId, bidderId: world.bidderIds[bidder], amount, receivedAt } },
          token,
        )
      ).recordBid.id,
    award: async (procurementId: string, bidder: number, amount: string): Promise<string> =>
      (
        await app.ok(
          `mutation ($input: RecordAwardInput!) { recordAward(input: $input) { id } }`,
          { input: { procurementId, supplierId: world.bidderIds[bidder], amount, awardedAt: '2027-03-01T10:00:00Z' } },
          token,
        )
      ).recordAward.id,
  });
  const authority = () => as(world.tokens.authority);

  /** A fresh procurement of the demo authority, watched by the demo monitor and implementer, with the three demo bidders. */
  async function procurement(fields: Record<string, unknown> = {}): Promise<string> {
    const { createProcurement } = await app.ok(
      `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
      {
        input: {
          reference: `TCG/RF/${++counter}`,
          title: `Red-flag scenario ${counter}`,
          authorityId: world.authorityId,
          implementerId: world.implementerId,
          monitorId: world.monitorId,
          estimatedValue: '1000000.00',
          currency: 'KES',
          tenderPeriodStart: '2027-01-11T09:00:00Z',
          tenderPeriodEnd: '2027-02-08T09:00:00Z',
          ...fields,
        },
      },
      world.tokens.authority,
    );
    for (const bidderId of world.bidderIds) {
      await app.ok(
        `mutation ($input: AddBidderInput!) { addBidder(input: $input) { bidderId } }`,
        { input: { procurementId: createProcurement.id, bidderId } },
        world.tokens.authority,
      );
    }
    return createProcurement.id;
  }

  async function flags(procurementId: string, token = world.tokens.monitor): Promise<Record<string, Flag>> {
    const { procurement } = await app.ok(FLAGS, { id: procurementId }, token);
    return Object.fromEntries(procurement.redFlags.map((flag: Flag) => [flag.code, flag]));
  }

  const named = (index: number) => ({
    id: world.bidderIds[index],
    name: ['Lodwar Medical Supplies Ltd', 'Rift Valley Pharma Distributors', 'Kakuma Health Logistics'][index],
  });

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
  });
  afterAll(() => app?.close());

  it('a single bid raises R018, and a second bidder clears it at once', async () => {
    const id = await procurement();
    await authority().bid(id, 0, '950000.00');
    const first = await flags(id);
    expect(Object.keys(first)).toHaveLength(14);
    expect(first.R018).toMatchObject({
      triggered: true,
      threshold: 1,
      status: 'OPEN',
      evidence: { bidderCount: 1, bidders: [named(0)] },
      indicator: { title: 'Single bid received' },
    });
    expect(first.R003).toMatchObject({ triggered: false, evidence: { days: 28 } });
    expect(first.R028.threshold).toBeNull();

    await authority().bid(id, 1, '990000.00');
    const second = await flags(id);
    expect(second.R018).toMatchObject({ id: first.R018.id, triggered: false, evidence: { bidderCount: 2 } });
  });

  it('identical prices from different bidders raise R028, naming them', async () => {
    const id = await procurement();
    await authority().bid(id, 0, '980000.00');
    await authority().bid(id, 1, '980000.00');
    expect((await flags(id)).R028).toMatchObject({
      triggered: true,
      evidence: { identicalPrices: [{ amount: '980000.00', currency: 'KES', bidders: expect.arrayContaining([named(0), named(1)]) }] },
    });
  });

  it('a winning bid received after the deadline raises R030', async () => {
    const id = await procurement();
    await authority().bid(id, 0, '900000.00', '2027-02-08T11:00:00Z');
    await authority().bid(id, 1, '990000.00');
    expect((await flags(id)).R030.triggered).toBe(false);
    await authority().award(id, 0, '900000.00');
    expect((await flags(id)).R030).toMatchObject({
      triggered: true,
      evidence: { tenderPeriodEnd: '2027-02-08T09:00:00.000Z', lateWinningBids: [{ ...named(0), receivedAt: '2027-02-08T11:00:00.000Z', hoursLate: 2 }] },
    });
  });

  it('disqualifying every rival raises R035, and disqualifying the lowest bid raises R036', async () => {
    const id = await procurement();
    await authority().bid(id, 0, '990000.00');
    const lowest = await authority().bid(id, 1, '900000.00');
    const other = await authority().bid(id, 2, '950000.00');
    const disqualify = `mutation ($input: DisqualifyBidInput!) { disqualifyBid(input: $input) { id } }`;
    await app.ok(disqualify, { input: { bidId: lowest, reason: 'Expired bid security' } }, world.tokens.authority);
    await app.ok(disqualify, { input: { bidId: other, reason: 'Missing pharmacy licence' } }, world.tokens.authority);
    await authority().award(id, 0, '990000.00');
    const result = await flags(id);
    expect(result.R035).toMatchObject({ triggered: true, evidence: { validBidders: 1, disqualifiedBidders: expect.arrayContaining([named(1), named(2)]) } });
    expect(result.R036).toMatchObject({
      triggered: true,
      evidence: { lowestDisqualifiedBid: { ...named(1), amount: '900000.00' }, lowestValidBid: { ...named(0), amount: '990000.00' } },
    });
  });

  it('an award far above the estimate raises PW-001, and amendments raising the contract beyond the threshold raise PW-003', async () => {
    const id = await procurement();
    const awardId = await authority().award(id, 0, '1150000.00');
    expect((await flags(id))['PW-001']).toMatchObject({
      triggered: true,
      threshold: 10,
      evidence: { estimatedValue: '1000000.00', awardedTotal: '1150000.00', abovePercent: 15 },
    });

    const { recordContract } = await app.ok(
      `mutation ($input: RecordContractInput!) { recordContract(input: $input) { id } }`,
      { input: { awardId, value: '1150000.00', signedAt: '2027-03-10T10:00:00Z' } },
      world.tokens.authority,
    );
    const amend = (newValue: string, amendedAt: string) =>
      app.ok(
        `mutation ($input: AmendContractInput!) { amendContract(input: $input) { id } }`,
        { input: { contractId: recordContract.id, amendedAt, description: 'Extra facilities', newValue } },
        world.tokens.authority,
      );
    await amend('1380000.00', '2027-05-01T10:00:00Z');
    expect((await flags(id))['PW-003']).toMatchObject({ triggered: false, evidence: { contracts: [{ increasePercent: 20 }] } });
    await amend('1400000.00', '2027-06-01T10:00:00Z');
    expect((await flags(id))['PW-003']).toMatchObject({
      triggered: true,
      evidence: {
        contracts: [{ contractId: recordContract.id, signedValue: '1150000.00', currentValue: '1400000.00', amendments: 2, increasePercent: 21.7391 }],
      },
    });
  });

  it('an award to a bidder that has not signed the current pact raises PW-004, cleared when it signs', async () => {
    await authority().award(world.procurementId, 0, '46000000.00');
    expect((await flags(world.procurementId))['PW-004']).toMatchObject({ triggered: true, evidence: { pactVersion: null, unsignedSuppliers: [named(0)] } });
    const { publishPactDraft } = await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    await app.ok(SIGN, { input: { pactVersionId: publishPactDraft.id, organisationId: world.authorityId, consent: true } }, world.tokens.authority);
    expect((await flags(world.procurementId))['PW-004']).toMatchObject({ triggered: true, evidence: { pactVersion: 1, unsignedSuppliers: [named(0)] } });
    await app.ok(SIGN, { input: { pactVersionId: publishPactDraft.id, organisationId: world.bidderIds[0], consent: true } }, world.tokens.bidders[0]);
    expect((await flags(world.procurementId))['PW-004']).toMatchObject({ triggered: false, evidence: { pactVersion: 1, unsignedSuppliers: [] } });
    // Publishing an amendment alone raises it again: the supplier is not bound by version 2.
    const { amendPact } = await app.ok(`mutation ($p: ID!) { amendPact(procurementId: $p) { id } }`, { p: world.procurementId }, world.tokens.authority);
    await app.ok(PUBLISH, { draftId: amendPact.id }, world.tokens.authority);
    expect((await flags(world.procurementId))['PW-004']).toMatchObject({ triggered: true, evidence: { pactVersion: 2, unsignedSuppliers: [named(0)] } });
  });

  it('bidders sharing a contact raise R044', async () => {
    const id = await procurement();
    await app.sql.query(
      `UPDATE organisations SET contact_email = CASE WHEN id = $1 THEN 'tenders@riftvalley.example' ELSE ' Tenders@RiftValley.example' END WHERE id = ANY($2)`,
      [world.bidderIds[1], [world.bidderIds[1], world.bidderIds[2]]],
    );
    await authority().bid(id, 1, '990000.00');
    expect((await flags(id)).R044).toMatchObject({
      triggered: true,
      evidence: { shared: [{ field: 'contactEmail', companies: expect.arrayContaining([named(1), named(2)]) }] },
    });
    await app.sql.query(`UPDATE organisations SET contact_email = NULL WHERE id = ANY($1)`, [[world.bidderIds[1], world.bidderIds[2]]]);
  });

  it('repeated awards to one supplier by the authority raise PW-002 from the third procurement', async () => {
    const results: boolean[] = [];
    for (let round = 0; round < 3; round++) {
      const id = await procurement();
      await authority().award(id, 2, '900000.00');
      results.push((await flags(id))['PW-002'].triggered);
    }
    expect(results).toEqual([false, false, true]);
  });

  describe('the monitor’s decisions', () => {
    let identical: string;
    let late: string;

    beforeAll(async () => {
      identical = await procurement();
      await authority().bid(identical, 0, '970000.00');
      await authority().bid(identical, 1, '970000.00');
      late = await procurement();
      await authority().bid(late, 0, '900000.00', '2027-02-09T09:00:00Z');
      await authority().award(late, 0, '900000.00');
    });

    it('confirming a raised flag creates a confidential red-flag finding, once', async () => {
      const flag = (await flags(identical)).R028;
      const { confirmRedFlag } = await app.ok(
        CONFIRM,
        { input: { redFlagId: flag.id, severity: 'HIGH', note: 'Both prices match to the shilling.' } },
        world.tokens.monitor,
      );
      expect(confirmRedFlag).toMatchObject({ id: flag.id, status: 'CONFIRMED', findingId: expect.any(String), decidedAt: expect.any(String) });

      const FINDINGS = `query ($id: ID!) { findings(procurementId: $id) { items { id kind severity visibility redFlagId title description } } }`;
      for (const token of [world.tokens.monitor, world.tokens.authority]) {
        const { findings } = await app.ok(FINDINGS, { id: identical }, token);
        expect(findings.items).toEqual([
          expect.objectContaining({
            id: confirmRedFlag.findingId,
            kind: 'RED_FLAG',
            severity: 'HIGH',
            visibility: 'CONFIDENTIAL',
            redFlagId: flag.id,
            title: 'Red flag R028: Identical bid prices',
          }),
        ]);
        expect(findings.items[0].description).toContain("Monitor's note: Both prices match to the shilling.");
      }
      const { findings: forBidder } = await app.ok(FINDINGS, { id: identical }, world.tokens.bidders[0]);
      expect(forBidder.items).toEqual([]);

      const again = await app.fails(CONFIRM, { input: { redFlagId: flag.id, severity: 'LOW' } }, world.tokens.monitor);
      expect(again.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RED_FLAG_ALREADY_DECIDED' });
      const quiet = (await flags(identical)).R003;
      expect((await app.fails(CONFIRM, { input: { redFlagId: quiet.id, severity: 'LOW' } }, world.tokens.monitor)).extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'RED_FLAG_NOT_TRIGGERED',
      });
    });

    it('dismissing needs a reason, which is kept with the flag', async () => {
      const flag = (await flags(late)).R030;
      expect(flag.triggered).toBe(true);
      const blank = await app.fails(DISMISS, { input: { redFlagId: flag.id, reason: '   ' } }, world.tokens.monitor);
      expect(blank.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
      const missing = await app.gql(`mutation ($id: ID!) { dismissRedFlag(input: { redFlagId: $id }) { id } }`, { id: flag.id }, world.tokens.monitor);
      expect(missing.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const { dismissRedFlag } = await app.ok(
        DISMISS,
        { input: { redFlagId: flag.id, reason: 'The courier receipt shows delivery before the deadline.' } },
        world.tokens.monitor,
      );
      expect(dismissRedFlag).toMatchObject({ status: 'DISMISSED', dismissalReason: 'The courier receipt shows delivery before the deadline.' });

      const { procurement } = await app.ok(
        `query ($id: ID!) { procurement(id: $id) { auditTrail { items { action subjectId } } } }`,
        { id: late },
        world.tokens.monitor,
      );
      expect(procurement.auditTrail.items).toContainEqual({ action: 'red_flag.dismissed', subjectId: flag.id });
    });

    it('only the assigned monitor decides, and only the monitor and implementer see red flags', async () => {
      const flag = (await flags(late))['PW-004'];
      expect(flag.triggered).toBe(true);
      for (const token of [world.tokens.authority, world.tokens.implementer, world.tokens.bidders[0], world.tokens.partner]) {
        expect((await app.fails(CONFIRM, { input: { redFlagId: flag.id, severity: 'LOW' } }, token)).extensions.code).toBe('FORBIDDEN');
        expect((await app.fails(DISMISS, { input: { redFlagId: flag.id, reason: 'Not my call' } }, token)).extensions.code).toBe('FORBIDDEN');
      }
      expect((await app.fails(CONFIRM, { input: { redFlagId: flag.id, severity: 'LOW' } })).extensions.code).toBe('UNAUTHENTICATED');

      const { createOrganisation: rival } = await app.ok(
        `mutation { createOrganisation(input: { name: "Another Monitor", kind: MONITOR }) { id } }`,
        {},
        world.tokens.admin,
      );
      await app.ok(
        `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        {
          input: {
            email: 'other.monitor@example.org',
            name: 'Other Monitor',
            password: 'long enough password',
            organisationId: rival.id,
            role: 'MEMBER',
            title: 'Monitor',
          },
        },
        world.tokens.admin,
      );
      const otherMonitor = await app.login('other.monitor@example.org', 'long enough password');
      expect((await app.fails(CONFIRM, { input: { redFlagId: flag.id, severity: 'LOW' } }, otherMonitor)).extensions.code).toBe('FORBIDDEN');
      expect(
        (await app.fails(CONFIRM, { input: { redFlagId: '00000000-0000-4000-8000-000000000000', severity: 'LOW' } }, world.tokens.monitor)).extensions,
      ).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'RED_FLAG_NOT_FOUND',
      });

      expect((await flags(late, world.tokens.implementer))['PW-004'].id).toBe(flag.id);
      for (const token of [world.tokens.authority, world.tokens.bidders[0]]) {
        const refused = await app.gql(FLAGS, { id: late }, token);
        expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
        expect(refused.data.procurement.redFlags).toBeNull();
      }
      expect((await app.fails(FLAGS, { id: late })).extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  it('recomputes with the same number of queries however much data the procurement has', async () => {
    const id = await procurement();
    const bidCosts: number[] = [];
    for (let round = 0; round < 6; round++) {
      bidCosts.push((await countQueries(app, () => authority().bid(id, round % 3, `${900000 + round}.00`))).queries);
      if (round === 1) await authority().award(id, 0, '900000.00');
    }
    expect(new Set(bidCosts.slice(2)).size).toBe(1);
  });

  it('signed-in users read the indicators; the public does not', async () => {
    const LIST = `{ redFlagIndicators { code title definition defaultThreshold threshold thresholdUnit enabled } }`;
    const { redFlagIndicators } = await app.ok(LIST, {}, world.tokens.bidders[0]);
    expect(redFlagIndicators).toHaveLength(14);
    expect(redFlagIndicators).toContainEqual(
      expect.objectContaining({ code: 'R003', defaultThreshold: 15, threshold: 15, thresholdUnit: 'DAYS', enabled: true }),
    );
    expect(redFlagIndicators).toContainEqual(expect.objectContaining({ code: 'R028', defaultThreshold: null, threshold: null, thresholdUnit: null }));
    expect((await app.fails(LIST)).extensions.code).toBe('UNAUTHENTICATED');
  });

  it("a platform admin or the implementer's administrator changes a threshold or switches an indicator off (settings are platform-wide), and the flags follow; a cleared decision reopens when raised again", async () => {
    const id = await procurement();
    await authority().bid(id, 0, '950000.00');
    const single = (await flags(id)).R018;
    await app.ok(DISMISS, { input: { redFlagId: single.id, reason: 'Niche product: one licensed importer in the county.' } }, world.tokens.monitor);
    await authority().bid(id, 1, '990000.00');
    expect((await flags(id)).R018).toMatchObject({ triggered: false, status: 'DISMISSED' });

    for (const token of [world.tokens.monitor, world.tokens.authority, world.tokens.bidders[0]]) {
      expect((await app.fails(SETTING, { input: { code: 'R018', threshold: 2 } }, token)).extensions.code).toBe('FORBIDDEN');
    }
    expect((await app.fails(SETTING, { input: { code: 'R018', threshold: 2 } })).extensions.code).toBe('UNAUTHENTICATED');
    const bad: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [
        { code: 'R028', threshold: 2 },
        { reason: 'NO_THRESHOLD', fields: [{ field: 'threshold' }] },
      ],
      [{ code: 'R018', threshold: 1.5 }, { fields: [{ field: 'threshold' }] }],
      [{ code: 'R018', threshold: -1 }, { fields: [{ field: 'threshold' }] }],
      [{ code: 'R999', threshold: 1 }, { fields: [{ field: 'code' }] }],
    ];
    for (const [input, expected] of bad) {
      expect((await app.fails(SETTING, { input }, world.tokens.admin)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...expected });
    }

    const { updateRedFlagSetting } = await app.ok(SETTING, { input: { code: 'R018', threshold: 2 } }, world.tokens.admin);
    expect(updateRedFlagSetting).toEqual({ code: 'R018', threshold: 2, defaultThreshold: 1, thresholdUnit: 'BIDDERS', enabled: true });
    expect((await flags(id)).R018).toMatchObject({ triggered: true, threshold: 2, status: 'OPEN', dismissalReason: null });
    const { procurement: trail } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { auditTrail { items { action actorId subjectId data } } } }`,
      { id },
      world.tokens.monitor,
    );
    expect(trail.auditTrail.items).toContainEqual(
      expect.objectContaining({
        action: 'red_flag.reopened',
        actorId: null,
        subjectId: single.id,
        data: expect.objectContaining({ previousStatus: 'DISMISSED' }),
      }),
    );
    // The authority reads the procurement's trail, but not the entries about red flags it may not see.
    const { procurement: authorityTrail } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { auditTrail { items { action } } } }`,
      { id },
      world.tokens.authority,
    );
    const authorityActions = authorityTrail.auditTrail.items.map((e: { action: string }) => e.action);
    expect(authorityActions).toContain('bid.recorded');
    expect(authorityActions.filter((a: string) => a.startsWith('red_flag.'))).toEqual([]);
    expect(trail.auditTrail.items.map((e: { action: string }) => e.action)).toContain('red_flag.dismissed');

    // The implementer designs the monitoring: its administrator may change thresholds too.
    await app.ok(SETTING, { input: { code: 'R018', threshold: null } }, world.tokens.implementer);
    expect((await flags(id)).R018).toMatchObject({ triggered: false, threshold: 1 });

    // Switching an indicator off lowers its flags everywhere; a decision already taken stands, through off and on again.
    const identical = await procurement();
    await authority().bid(identical, 0, '970000.00');
    await authority().bid(identical, 1, '970000.00');
    const raised = (await flags(identical)).R028;
    const { confirmRedFlag } = await app.ok(CONFIRM, { input: { redFlagId: raised.id, severity: 'MEDIUM' } }, world.tokens.monitor);
    const { updateRedFlagSetting: off } = await app.ok(SETTING, { input: { code: 'R028', enabled: false } }, world.tokens.admin);
    expect(off).toMatchObject({ code: 'R028', enabled: false });
    expect((await flags(identical)).R028).toMatchObject({ triggered: false, evidence: { disabled: true }, status: 'CONFIRMED' });
    await app.ok(SETTING, { input: { code: 'R028', enabled: true } }, world.tokens.admin);
    expect((await flags(identical)).R028).toMatchObject({ triggered: true, status: 'CONFIRMED', findingId: confirmRedFlag.findingId });

    const { rows } = await app.sql.query(`SELECT action, data->>'code' AS code FROM audit_entries WHERE subject_type = 'RedFlagSetting' ORDER BY seq`);
    expect(rows.map((r: { action: string; code: string }) => `${r.action} ${r.code}`)).toEqual([
      'red_flag_setting.updated R018',
      'red_flag_setting.updated R018',
      'red_flag_setting.updated R028',
      'red_flag_setting.updated R028',
    ]);
  });
});
