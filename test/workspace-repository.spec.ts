import { WorkspaceRepository } from '../src/workspace/workspace.repository.js';
import { demoWorld, PUBLISH, SIGN } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written SQL of the bidder's workspace. */
describe('WorkspaceRepository', () => {
  let app: TestApp;
  let db: RepositoryFixture<WorkspaceRepository>;

  beforeAll(async () => {
    app = await startTestApp();
    db = repositoryFixture(app, WorkspaceRepository);
  });
  afterAll(() => app?.close());

  it('pactsToSign lists the latest version for each bidding organisation given, unsigned first, with a total; pactToSign finds one', async () => {
    const world = await demoWorld(app);
    const page = { limit: 20, offset: 0 };
    expect(await db.repository.pactsToSign(db.reader, world.bidderIds, page)).toEqual([[], 0]);

    const version = (await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority)).publishPactDraft;
    await app.ok(SIGN, { input: { pactVersionId: version.id, organisationId: world.bidderIds[1], consent: true } }, world.tokens.bidders[1]);
    const [rows, total] = await db.repository.pactsToSign(db.reader, world.bidderIds.slice(0, 2), page);
    expect(total).toBe(2);
    expect(rows.map((r) => [r.organisationId, r.pactVersionId, r.number, r.contentHash, r.signatureId === null])).toEqual([
      [world.bidderIds[0], version.id, 1, version.contentHash, true],
      [world.bidderIds[1], version.id, 1, version.contentHash, false],
    ]);
    expect(await db.repository.pactsToSign(db.reader, [world.authorityId], page)).toEqual([[], 0]);
    expect((await db.repository.pactToSign(db.reader, version.id, [world.bidderIds[2]]))?.organisationId).toBe(world.bidderIds[2]);
    expect(await db.repository.pactToSign(db.reader, version.id, [world.monitorId])).toBeUndefined();
  });
});
