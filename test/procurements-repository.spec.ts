import { ProcurementStage } from '../src/procurements/procurement-stage.js';
import { ProcurementsRepository } from '../src/procurements/procurements.repository.js';
import { ADVANCE, DEMO_ACCOUNTS, demoWorld, type DemoWorld } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written SQL of the procurements repository against the demo world. */
describe('ProcurementsRepository', () => {
  let app: TestApp;
  let world: DemoWorld;
  let db: RepositoryFixture<ProcurementsRepository>;
  const page = { limit: 50, offset: 0 };

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    db = repositoryFixture(app, ProcurementsRepository);
    await app.ok(ADVANCE, { input: { procurementId: world.procurementId, toStage: 'TENDER_PREPARATION', note: 'pinned' } }, world.tokens.authority);
  });
  afterAll(() => app?.close());

  it('scopesOf reads the parties, bidders and public-record facts of each procurement, and nothing for unknown ids', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const scopes = await db.repository.scopesOf(db.reader, [world.procurementId, unknown]);
    expect([...scopes.keys()]).toEqual([world.procurementId]);
    const scope = scopes.get(world.procurementId)!;
    expect(scope).toMatchObject({
      authorityId: world.authorityId,
      monitorId: world.monitorId,
      implementerId: world.implementerId,
      hasPublishedPact: false,
      awarded: false,
    });
    expect([...scope.bidderIds].sort()).toEqual([...world.bidderIds].sort());
  });

  it('visiblePage filters by the ability, the stage and whether a pact is published', async () => {
    const authority = await db.abilityOf(DEMO_ACCOUNTS.authority);
    const ids = async (ability = authority, filter = {}) => (await db.repository.visiblePage(db.reader, ability, filter, page))[0].map((p) => p.id);
    expect(await ids()).toEqual([world.procurementId]);
    expect(await ids(authority, { stage: ProcurementStage.TENDER_PREPARATION, hasPublishedPact: false })).toEqual([world.procurementId]);
    expect(await ids(authority, { stage: ProcurementStage.PLANNING })).toEqual([]);
    expect(await ids(authority, { hasPublishedPact: true })).toEqual([]);
    // A referral partner takes no part in the procurement, and nothing is public yet.
    expect(await ids(await db.abilityOf(DEMO_ACCOUNTS.partner))).toEqual([]);
    const [, total] = await db.repository.visiblePage(db.reader, authority, {}, { limit: 1, offset: 1 });
    expect(total).toBe(1);
  });

  it('visiblePage filters by authority, sector (any case) and words, taking % and _ literally', async () => {
    const authority = await db.abilityOf(DEMO_ACCOUNTS.authority);
    const ids = async (filter: object) => (await db.repository.visiblePage(db.reader, authority, filter, page))[0].map((p) => p.id);
    const found = [world.procurementId];
    expect(await ids({ authorityId: world.authorityId, sector: 'HEALTH', search: 'Essential MEDICINES' })).toEqual(found);
    expect(await ids({ search: '  hlth/2026  ' })).toEqual(found);
    expect(await ids({ search: 'essential_medicines' })).toEqual([]);
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ sector: 'Water' })).toEqual([]);
    expect(await ids({ authorityId: world.monitorId })).toEqual([]);
  });

  it('visibleBidders gives the authority every bidder and a bidder only its own row', async () => {
    const all = await db.repository.visibleBidders(db.reader, await db.abilityOf(DEMO_ACCOUNTS.authority), [world.procurementId]);
    expect(all.map((b) => b.bidderId).sort()).toEqual([...world.bidderIds].sort());
    const own = await db.repository.visibleBidders(db.reader, await db.abilityOf(DEMO_ACCOUNTS.bidders[0]), [world.procurementId]);
    expect(own).toHaveLength(1);
    expect(world.bidderIds).toContain(own[0].bidderId);
  });

  it('stageHistoryOf returns the moves of the procurements asked for only', async () => {
    const history = await db.repository.stageHistoryOf(db.reader, [world.procurementId]);
    expect(history.map((t) => [t.fromStage, t.toStage])).toEqual([[ProcurementStage.PLANNING, ProcurementStage.TENDER_PREPARATION]]);
    expect(await db.repository.stageHistoryOf(db.reader, ['00000000-0000-4000-8000-000000000000'])).toEqual([]);
    expect((await db.repository.stagesOf(db.reader, [world.procurementId])).get(world.procurementId)).toBe(ProcurementStage.TENDER_PREPARATION);
  });
});
