import { PactsRepository } from '../src/pacts/pacts.repository.js';
import { PUBLISH, demoWorld, type DemoWorld } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written SQL of the pacts repository against the demo world (one pact, a draft not yet published). */
describe('PactsRepository', () => {
  let app: TestApp;
  let world: DemoWorld;
  let db: RepositoryFixture<PactsRepository>;
  let pactId: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    db = repositoryFixture(app, PactsRepository);
    pactId = await db.idOf('SELECT id FROM pacts WHERE procurement_id = $1', world.procurementId);
  });
  afterAll(() => app?.close());

  it('ensurePact returns the existing pact instead of making a second one', async () => {
    const pact = await db.repository.ensurePact(db.reader, world.procurementId);
    expect(pact.id).toBe(pactId);
    const { rows } = await app.sql.query('SELECT count(*)::int AS n FROM pacts WHERE procurement_id = $1', [world.procurementId]);
    expect(rows[0].n).toBe(1);
  });

  it('numbers versions from 1 and reports the latest per pact, leaving out pacts with none', async () => {
    expect(await db.repository.nextVersionNumber(db.reader, pactId)).toBe(1);
    expect(await db.repository.latestNumbers(db.reader, [pactId])).toEqual(new Map());

    await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    expect(await db.repository.nextVersionNumber(db.reader, pactId)).toBe(2);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await db.repository.latestNumbers(db.reader, [pactId, unknown])).toEqual(new Map([[pactId, 1]]));
  });
});
