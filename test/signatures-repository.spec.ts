import { SignaturesRepository } from '../src/signatures/signatures.repository.js';
import { PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written SQL of the signatures repository: version 1 signed by the authority, then superseded by an unsigned version 2. */
describe('SignaturesRepository', () => {
  let app: TestApp;
  let world: DemoWorld;
  let db: RepositoryFixture<SignaturesRepository>;
  let pactId: string;
  let version1: string;
  let version2: string;
  const unknown = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    db = repositoryFixture(app, SignaturesRepository);
    pactId = await db.idOf('SELECT id FROM pacts WHERE procurement_id = $1', world.procurementId);
    version1 = (await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority)).publishPactDraft.id;
    await app.ok(SIGN, { input: { pactVersionId: version1, organisationId: world.authorityId, consent: true } }, world.tokens.authority);
  });
  afterAll(() => app?.close());

  it('currentVersionSigners reads who signed the latest version, and leaves out procurements without one', async () => {
    const current = await db.repository.currentVersionSigners(db.reader, [world.procurementId, unknown]);
    expect([...current.keys()]).toEqual([world.procurementId]);
    expect(current.get(world.procurementId)).toEqual({ number: 1, signers: new Set([world.authorityId]) });
  });

  it('after an amendment, counts only signatures of the new version and marks the old one superseded', async () => {
    const { amendPact } = await app.ok(`mutation ($id: ID!) { amendPact(procurementId: $id) { id } }`, { id: world.procurementId }, world.tokens.authority);
    version2 = (await app.ok(PUBLISH, { draftId: amendPact.id }, world.tokens.authority)).publishPactDraft.id;

    expect((await db.repository.currentVersionSigners(db.reader, [world.procurementId])).get(world.procurementId)).toEqual({ number: 2, signers: new Set() });
    expect(await db.repository.latestVersionNumber(db.reader, pactId)).toBe(2);
    expect(await db.repository.supersededVersions(db.reader, [version1, version2, unknown])).toEqual(
      new Map([
        [version1, true],
        [version2, false],
      ]),
    );
  });

  it('insertUnlessSigned stores nothing when the organisation has signed the version already', async () => {
    const signed = (await db.repository.signatureOf(db.reader, version1, world.authorityId))!;
    expect(await db.repository.insertUnlessSigned(db.reader, { ...signed, id: '00000000-0000-4000-8000-000000000001' })).toBe(false);
    expect(await db.repository.signaturesOfVersions(db.reader, [version1, version2])).toHaveLength(1);
  });
});
