import { ProcurementStage } from '../src/procurements/procurement-stage.js';
import { SignOffsRepository } from '../src/sign-offs/sign-offs.repository.js';
import { ADVANCE, DEMO_ACCOUNTS, demoWorld, type DemoWorld } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SIGN_OFF = `mutation ($input: SignOffStageInput!) { signOffStage(input: $input) { id } }`;

/** Pins the visibility query of the sign-offs repository: an objection not yet in a published report. */
describe('SignOffsRepository', () => {
  let app: TestApp;
  let world: DemoWorld;
  let db: RepositoryFixture<SignOffsRepository>;
  let objectionId: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    db = repositoryFixture(app, SignOffsRepository);
    await app.ok(ADVANCE, { input: { procurementId: world.procurementId, toStage: 'TENDER_PREPARATION', note: 'pinned' } }, world.tokens.authority);
    const input = { procurementId: world.procurementId, stage: 'TENDER_PREPARATION', decision: 'OBJECTED', reason: 'Specifications favour one supplier' };
    objectionId = (await app.ok(SIGN_OFF, { input }, world.tokens.monitor)).signOffStage.id;
  });
  afterAll(() => app?.close());

  it('visibleSignOffs shows an unpublished objection to the parties that watch the procurement only', async () => {
    const seen = async (email: string, ids = [world.procurementId]) =>
      (await db.repository.visibleSignOffs(db.reader, await db.abilityOf(email), ids)).map((s) => s.id);
    expect(await seen(DEMO_ACCOUNTS.authority)).toEqual([objectionId]);
    expect(await seen(DEMO_ACCOUNTS.monitor)).toEqual([objectionId]);
    expect(await seen(DEMO_ACCOUNTS.implementer)).toEqual([objectionId]);
    expect(await seen(DEMO_ACCOUNTS.bidders[0])).toEqual([]);
    expect(await seen(DEMO_ACCOUNTS.partner)).toEqual([]);
    expect(await seen(DEMO_ACCOUNTS.authority, ['00000000-0000-4000-8000-000000000000'])).toEqual([]);
  });

  it('signOffOf finds the decision on that stage only', async () => {
    expect((await db.repository.signOffOf(db.reader, world.procurementId, ProcurementStage.TENDER_PREPARATION))?.id).toBe(objectionId);
    expect(await db.repository.signOffOf(db.reader, world.procurementId, ProcurementStage.PLANNING)).toBeNull();
  });
});
