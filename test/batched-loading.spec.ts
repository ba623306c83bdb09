import { PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { countQueries } from './support/query-counter.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Nested lists load through per-request DataLoaders: the query count does not grow with the list. */
describe('batched loading', () => {
  let app: TestApp;
  let world: DemoWorld;

  const VIEW = `{ procurements(page: { limit: 50 }) { items {
    reference authority { name } monitor { name } implementer { name }
    bidders { bidder { name } signedCurrentVersion flagged }
    stageHistory { toStage }
    pact { currentVersion { number superseded signatures { signerName superseded } } versions { number } openDraft { id comments { body } } }
  } } }`;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
  });
  afterAll(() => app?.close());

  async function addSignedProcurements(count: number, from: number): Promise<void> {
    for (let i = from; i < from + count; i++) {
      const { createProcurement } = await app.ok(
        `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
        {
          input: {
            reference: `BATCH/${i}`,
            title: `Batch procurement ${i}`,
            authorityId: world.authorityId,
            monitorId: world.monitorId,
            implementerId: world.implementerId,
          },
        },
        world.tokens.authority,
      );
      for (const bidderId of world.bidderIds.slice(0, 2)) {
        await app.ok(
          `mutation ($input: AddBidderInput!) { addBidder(input: $input) { bidderId } }`,
          { input: { procurementId: createProcurement.id, bidderId } },
          world.tokens.authority,
        );
      }
      const { createPactDraft } = await app.ok(
        `mutation ($p: ID!) { createPactDraft(input: { procurementId: $p }) { id } }`,
        { p: createProcurement.id },
        world.tokens.authority,
      );
      const { publishPactDraft } = await app.ok(PUBLISH, { draftId: createPactDraft.id }, world.tokens.authority);
      await app.ok(SIGN, { input: { pactVersionId: publishPactDraft.id, organisationId: world.authorityId, consent: true } }, world.tokens.authority);
      await app.ok(SIGN, { input: { pactVersionId: publishPactDraft.id, organisationId: world.bidderIds[0], consent: true } }, world.tokens.bidders[0]);
    }
  }

  async function queriesFor(token: string): Promise<{ count: number; items: number }> {
    const { queries, result } = await countQueries(app, () => app.ok(VIEW, {}, token));
    return { count: queries, items: result.procurements.items.length };
  }

  it('issues the same number of queries for 3 procurements as for 9', async () => {
    await addSignedProcurements(2, 1);
    const small = await queriesFor(world.tokens.monitor);
    await addSignedProcurements(6, 3);
    const large = await queriesFor(world.tokens.monitor);
    expect([small.items, large.items]).toEqual([3, 9]);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(16);
  });
});
