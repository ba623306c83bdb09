import { createHash } from 'node:crypto';
import { ADVANCE, PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { countQueries } from './support/query-counter.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What anyone can read and check without an account. */
describe('the public record', () => {
  let app: TestApp;
  let world: DemoWorld;
  let version: { id: string; contentHash: string; pdfUrl: string };

  const PUBLIC_VIEW = `query ($id: ID!) { procurement(id: $id) {
    reference title stage authority { name }
    stageHistory { fromStage toStage occurredAt note }
    pact { currentVersion { number contentHash } versions { number contentHash superseded signatures { organisationName party signerName signedAt superseded } } }
  } }`;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
  });
  afterAll(() => app?.close());

  it('holds nothing of a procurement until its pact is published', async () => {
    expect((await app.ok('{ procurements { totalCount } }')).procurements.totalCount).toBe(0);
    const { publishPactDraft } = await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    version = publishPactDraft;
    await app.ok(SIGN, { input: { pactVersionId: version.id, organisationId: world.authorityId, consent: true } }, world.tokens.authority);
    await app.ok(SIGN, { input: { pactVersionId: version.id, organisationId: world.bidderIds[0], consent: true } }, world.tokens.bidders[0]);
    for (const toStage of ['TENDER_PREPARATION', 'TENDER_OPEN']) {
      await app.ok(ADVANCE, { input: { procurementId: world.procurementId, toStage, note: `public ${toStage}` } }, world.tokens.authority);
    }
    const { procurements } = await app.ok('{ procurements(filter: { hasPublishedPact: true }) { items { id reference } } }');
    expect(procurements.items).toEqual([{ id: world.procurementId, reference: 'TCG/HLTH/2026/014' }]);
  });

  it('shows the published pact with its signatories and stage timeline, and nothing confidential', async () => {
    const { procurement } = await app.ok(PUBLIC_VIEW, { id: world.procurementId });
    expect(procurement.stage).toBe('TENDER_OPEN');
    expect(procurement.stageHistory.map((t: { toStage: string }) => t.toStage)).toEqual(['TENDER_PREPARATION', 'TENDER_OPEN']);
    expect(procurement.pact.versions[0].signatures.map((s: { organisationName: string }) => s.organisationName)).toEqual([
      'County Government of Turkana',
      'Lodwar Medical Supplies Ltd',
    ]);
    for (const secret of ['bidders { bidderId }', 'auditTrail { totalCount }', 'pact { openDraft { id } }']) {
      const denied = await app.gql(`query ($id: ID!) { procurement(id: $id) { ${secret} } }`, { id: world.procurementId });
      expect(denied.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('says which document a SHA-256 belongs to', async () => {
    const known = await app.ok(`query ($h: String!) { verifyDocument(sha256: $h) { known kind explanation pactVersion { id number } } }`, {
      h: version.contentHash.toUpperCase(),
    });
    expect(known.verifyDocument).toMatchObject({ known: true, kind: 'PACT_VERSION', pactVersion: { id: version.id, number: 1 } });
    expect(known.verifyDocument.explanation).toContain('TCG/HLTH/2026/014');
    const unknown = await app.ok(`query ($h: String!) { verifyDocument(sha256: $h) { known kind } }`, { h: 'b'.repeat(64) });
    expect(unknown.verifyDocument).toEqual({ known: false, kind: null });
    const malformed = await app.fails(`{ verifyDocument(sha256: "not a hash") { known } }`);
    expect(malformed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'sha256' }] });
  });

  it('serves the canonical content whose SHA-256 is the published hash', async () => {
    const response = await fetch(`${app.url}/pacts/versions/${version.id}/canonical.json`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(version.contentHash);
    expect(JSON.parse(bytes.toString('utf8')).procurementReference).toBe('TCG/HLTH/2026/014');
  });

  it('recognises an uploaded canonical file or PDF, and a PDF that was altered', async () => {
    const upload = async (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), name);
      const response = await fetch(`${app.url}/verify-document`, { method: 'POST', body: form });
      return { status: response.status, body: (await response.json()) as { known: boolean; kind: string | null; explanation: string } };
    };
    const canonical = Buffer.from(await (await fetch(`${app.url}/pacts/versions/${version.id}/canonical.json`)).arrayBuffer());
    expect((await upload(canonical, 'pact.json')).body).toMatchObject({ known: true, kind: 'PACT_VERSION' });

    const pdf = Buffer.from(await (await fetch(`${app.url}${version.pdfUrl}`)).arrayBuffer());
    const genuine = await upload(pdf, 'pact.pdf');
    expect(genuine.body).toMatchObject({ known: true, kind: 'PACT_VERSION' });
    expect(genuine.body.explanation).toMatch(/identical to the platform's rendering/);

    // Content streams are compressed: any change, even bytes appended after %%EOF, must be noticed.
    const forged = await upload(Buffer.concat([pdf, Buffer.from('\n% appended\n')]), 'pact.pdf');
    expect(forged.body.known).toBe(false);
    expect(forged.body.explanation).toMatch(/differs from the platform's rendering/);

    expect((await upload(Buffer.from('just some notes'), 'notes.txt')).body.known).toBe(false);
    const noFile = await fetch(`${app.url}/verify-document`, { method: 'POST', body: new FormData() });
    expect(noFile.status).toBe(400);
  });

  it('loads the public pact view in the same number of queries however many versions and signatures it has', async () => {
    const before = await countQueries(app, () => app.ok(PUBLIC_VIEW, { id: world.procurementId }));
    for (let round = 0; round < 2; round++) {
      const { amendPact } = await app.ok(`mutation ($p: ID!) { amendPact(procurementId: $p) { id } }`, { p: world.procurementId }, world.tokens.authority);
      const { publishPactDraft } = await app.ok(PUBLISH, { draftId: amendPact.id }, world.tokens.authority);
      await app.ok(SIGN, { input: { pactVersionId: publishPactDraft.id, organisationId: world.authorityId, consent: true } }, world.tokens.authority);
      for (const index of [0, 1, 2]) {
        await app.ok(
          SIGN,
          { input: { pactVersionId: publishPactDraft.id, organisationId: world.bidderIds[index], consent: true } },
          world.tokens.bidders[index],
        );
      }
    }
    const after = await countQueries(app, () => app.ok(PUBLIC_VIEW, { id: world.procurementId }));
    expect(after.result.procurement.pact.versions).toHaveLength(3);
    expect(after.queries).toBe(before.queries);
  });

  it('keeps bids sealed until the award, in GraphQL and in the OCDS export', async () => {
    await app.ok(
      `mutation ($input: RecordBidInput!) { recordBid(input: $input) { id } }`,
      { input: { procurementId: world.procurementId, bidderId: world.bidderIds[0], amount: '47000000.00', receivedAt: '2026-11-20T08:00:00Z' } },
      world.tokens.authority,
    );
    const exported = async () =>
      (await (await fetch(`${app.url}/ocds/procurements/${world.procurementId}/release-package.json`)).json()) as {
        releases: { bids?: unknown; awards?: unknown[] }[];
      };
    const publicBids = async () =>
      (await app.ok(`query ($id: ID!) { procurement(id: $id) { bids { amount } } }`, { id: world.procurementId })).procurement.bids;
    expect((await exported()).releases[0].bids).toBeUndefined();
    expect(await publicBids()).toEqual([]);

    await app.ok(
      `mutation ($input: RecordAwardInput!) { recordAward(input: $input) { id } }`,
      { input: { procurementId: world.procurementId, supplierId: world.bidderIds[0], amount: '47000000.00', awardedAt: '2026-11-24T08:00:00Z' } },
      world.tokens.authority,
    );
    expect(JSON.stringify((await exported()).releases[0].bids)).toContain('47000000');
    expect(await publicBids()).toEqual([{ amount: '47000000.00' }]);
  });
});
