import { createHash } from 'node:crypto';
import { pdfText } from '../src/pdf/pdf-text.js';
import { ADVANCE, PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The whole life of a pact, as the demo users would live it through the GraphQL API:
 * draft, comments, publication, signatures, stage gates, amendment, PDF and verification.
 */
describe('Integrity Pact lifecycle', () => {
  let app: TestApp;
  let world: DemoWorld;
  let version1: { id: string; contentHash: string; canonicalContent: string; pdfUrl: string };
  let authoritySignatureId: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
  });
  afterAll(() => app?.close());

  const advance = (toStage: string, extra: Record<string, unknown> = {}) =>
    app.gql(ADVANCE, { input: { procurementId: world.procurementId, toStage, note: `to ${toStage}`, ...extra } }, world.tokens.authority);
  const sign = (token: string, pactVersionId: string, organisationId: string) =>
    app.gql(SIGN, { input: { pactVersionId, organisationId, consent: true } }, token);

  it('seeds a draft from the standard template with the procurement filled in', async () => {
    const { pactDraft } = await app.ok(
      `query ($id: ID!) { pactDraft(id: $id) { title language templateKey clauses { key heading body } } }`,
      { id: world.draftId },
      world.tokens.authority,
    );
    expect(pactDraft.templateKey).toBe('standard');
    expect(pactDraft.title).toContain('Supply of essential medicines');
    expect(pactDraft.clauses.map((c: { key: string }) => c.key)).toEqual(
      expect.arrayContaining(['parties', 'authority-commitments', 'bidder-commitments', 'monitor', 'sanctions', 'dispute-resolution', 'signature-block']),
    );
    expect(pactDraft.clauses[0].body).toContain('County Government of Turkana');
    expect(JSON.stringify(pactDraft)).not.toContain('{{');
  });

  it('lets the authority edit clauses and the monitor and implementer comment', async () => {
    const { pactDraft } = await app.ok(
      `query ($id: ID!) { pactDraft(id: $id) { clauses { key heading body } } }`,
      { id: world.draftId },
      world.tokens.authority,
    );
    const clauses = pactDraft.clauses.map((c: { key: string; heading: string; body: string }) =>
      c.key === 'sanctions' ? { ...c, body: `${c.body}\n\nDebarment lasts at least three years.` } : c,
    );
    const { updatePactDraft } = await app.ok(
      `mutation ($input: UpdatePactDraftInput!) { updatePactDraft(input: $input) { clauses { key body } } }`,
      { input: { draftId: world.draftId, clauses } },
      world.tokens.authority,
    );
    expect(updatePactDraft.clauses.find((c: { key: string }) => c.key === 'sanctions').body).toContain('three years');

    const comment = `mutation ($input: CommentOnDraftInput!) { commentOnPactDraft(input: $input) { id clauseKey body } }`;
    await app.ok(comment, { input: { draftId: world.draftId, clauseKey: 'monitor', body: 'Add access to evaluation meetings.' } }, world.tokens.monitor);
    await app.ok(comment, { input: { draftId: world.draftId, body: 'Ready for publication once the monitor agrees.' } }, world.tokens.implementer);
    const { pactDraft: withComments } = await app.ok(
      `query ($id: ID!) { pactDraft(id: $id) { comments { clauseKey body } } }`,
      { id: world.draftId },
      world.tokens.authority,
    );
    expect(withComments.comments).toHaveLength(2);
    expect(withComments.comments[0]).toEqual({ clauseKey: 'monitor', body: 'Add access to evaluation meetings.' });
  });

  it('keeps the tender closed until the pact is published', async () => {
    expect((await advance('TENDER_PREPARATION')).data.advanceStage.stage).toBe('TENDER_PREPARATION');
    const refused = await advance('TENDER_OPEN');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STAGE_GATE_FAILED', gate: 'PACT_PUBLISHED' });
  });

  it('publishes a frozen version whose hash is the SHA-256 of its canonical content', async () => {
    const { publishPactDraft } = await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    version1 = publishPactDraft;
    expect(publishPactDraft.number).toBe(1);
    expect(publishPactDraft.superseded).toBe(false);
    expect(createHash('sha256').update(publishPactDraft.canonicalContent).digest('hex')).toBe(publishPactDraft.contentHash);

    const again = await app.gql(
      `mutation ($input: UpdatePactDraftInput!) { updatePactDraft(input: $input) { id } }`,
      { input: { draftId: world.draftId, title: 'Changed after publication' } },
      world.tokens.authority,
    );
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PACT_DRAFT_PUBLISHED' });
  });

  it('refuses to open the tender until the authority has signed', async () => {
    const refused = await advance('TENDER_OPEN');
    expect(refused.errors?.[0].extensions).toMatchObject({ reason: 'STAGE_GATE_FAILED', gate: 'PACT_SIGNED_BY_AUTHORITY' });
  });

  it('records the signatures of the authority and bidders, bound to the version hash', async () => {
    const signed = await sign(world.tokens.authority, version1.id, world.authorityId);
    expect(signed.errors).toBeUndefined();
    const record = signed.data.signPact;
    authoritySignatureId = record.id;
    expect(record).toMatchObject({
      party: 'AUTHORITY',
      organisationName: 'County Government of Turkana',
      signerName: 'Amina Ekal',
      versionHash: version1.contentHash,
    });
    expect(record.consentStatement).toContain(version1.contentHash);

    const twice = await sign(world.tokens.authority, version1.id, world.authorityId);
    expect(twice.data.signPact.id).toBe(record.id);

    for (const index of [0, 1]) {
      const bidder = await sign(world.tokens.bidders[index], version1.id, world.bidderIds[index]);
      expect(bidder.data.signPact.party).toBe('BIDDER');
    }
    expect((await advance('TENDER_OPEN')).data.advanceStage.stage).toBe('TENDER_OPEN');
  });

  it('refuses to sign a draft, or for an organisation that is not a party', async () => {
    const { amendPact } = await app.ok(`mutation ($p: ID!) { amendPact(procurementId: $p) { id } }`, { p: world.procurementId }, world.tokens.authority);
    const draft = await sign(world.tokens.authority, amendPact.id, world.authorityId);
    expect(draft.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PACT_VERSION_NOT_PUBLISHED' });

    const { organisations } = await app.ok(`{ organisations(filter: { kind: MONITOR }) { items { id } } }`, {}, world.tokens.admin);
    const stranger = await sign(world.tokens.admin, version1.id, organisations.items[0].id);
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANISATION_NOT_PARTY' });
  });

  it('supersedes earlier signatures when an amendment is published, and refuses signing the old version', async () => {
    const { procurement } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { pact { openDraft { id } } } }`,
      { id: world.procurementId },
      world.tokens.authority,
    );
    const { publishPactDraft: version2 } = await app.ok(PUBLISH, { draftId: procurement.pact.openDraft.id }, world.tokens.authority);
    expect(version2.number).toBe(2);
    expect(version2.contentHash).not.toBe(version1.contentHash);

    const { pactVersion } = await app.ok(`query ($id: ID!) { pactVersion(id: $id) { superseded signatures { id superseded } } }`, { id: version1.id });
    expect(pactVersion.superseded).toBe(true);
    expect(pactVersion.signatures).toHaveLength(3);
    expect(pactVersion.signatures.every((s: { superseded: boolean }) => s.superseded)).toBe(true);

    const late = await sign(world.tokens.bidders[2], version1.id, world.bidderIds[2]);
    expect(late.errors?.[0].extensions).toMatchObject({ reason: 'PACT_VERSION_SUPERSEDED', number: 1, latest: 2 });

    // The amendment binds nobody until signed again: the authority's old signature no longer opens doors.
    expect((await advance('EVALUATION')).errors?.[0].extensions).toMatchObject({ gate: 'PACT_SIGNED_BY_AUTHORITY' });
    await sign(world.tokens.authority, version2.id, world.authorityId);
    await sign(world.tokens.bidders[0], version2.id, world.bidderIds[0]);
    expect((await advance('EVALUATION')).data.advanceStage.stage).toBe('EVALUATION');
  });

  it('flags bidders that have not signed the current version at evaluation and refuses to award them', async () => {
    const { procurement } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { bidders { bidder { id } signedCurrentVersion flagged } } }`,
      { id: world.procurementId },
      world.tokens.authority,
    );
    const standing = Object.fromEntries(procurement.bidders.map((b: { bidder: { id: string }; flagged: boolean }) => [b.bidder.id, b.flagged]));
    expect(standing).toEqual({ [world.bidderIds[0]]: false, [world.bidderIds[1]]: true, [world.bidderIds[2]]: true });

    expect((await advance('AWARD')).errors?.[0].extensions).toMatchObject({ gate: 'AWARDEE_GIVEN' });
    expect((await advance('AWARD', { awardedBidderId: world.bidderIds[1] })).errors?.[0].extensions).toMatchObject({ gate: 'AWARDEE_SIGNED_PACT' });
    const awarded = await advance('AWARD', { awardedBidderId: world.bidderIds[0] });
    expect(awarded.data.advanceStage).toMatchObject({ stage: 'AWARD', awardedBidderId: world.bidderIds[0] });
  });

  it('never goes backwards or skips a stage, and records the history', async () => {
    expect((await advance('TENDER_OPEN')).errors?.[0].extensions).toMatchObject({ reason: 'STAGE_GATE_FAILED', gate: 'STAGE_ORDER' });
    expect((await advance('IMPLEMENTATION')).errors?.[0].message).toMatch(/cannot be skipped/);
    const { procurement } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { stage stageHistory { fromStage toStage note actorId occurredAt } } }`,
      { id: world.procurementId },
      world.tokens.monitor,
    );
    expect(procurement.stage).toBe('AWARD');
    expect(procurement.stageHistory.map((t: { toStage: string }) => t.toStage)).toEqual(['TENDER_PREPARATION', 'TENDER_OPEN', 'EVALUATION', 'AWARD']);
    expect(procurement.stageHistory[0].note).toBe('to TENDER_PREPARATION');
  });

  it('serves each version as a PDF anyone can download, with clauses, signatories and hash', async () => {
    const response = await fetch(`${app.url}${version1.pdfUrl}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await response.arrayBuffer()));
    const { pactVersion } = await app.ok(`query ($id: ID!) { pactVersion(id: $id) { clauses { heading } } }`, { id: version1.id });
    pactVersion.clauses.forEach((clause: { heading: string }, index: number) => expect(text).toContain(`${index + 1}. ${clause.heading}`));
    expect(text).toContain('Debarment lasts at least three years.');
    expect(text).toContain('Amina Ekal');
    expect(text).toContain('Lodwar Medical Supplies Ltd');
    expect(text).toContain(authoritySignatureId);
    expect(text.replace(/\s+/g, '')).toContain(version1.contentHash);
    expect(text).toMatch(/Page 2/);

    const missing = await fetch(`${app.url}/pacts/versions/00000000-0000-4000-8000-000000000000/pdf`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${app.url}/pacts/versions/not-a-uuid/pdf`)).status).toBe(400);
  });

  it('lets anyone verify a signature record, online and against the published key', async () => {
    const { verifySignature } = await app.ok(
      `query ($id: ID!) { verifySignature(id: $id) { valid checks { name passed } record { payload platformSignature } } }`,
      {
        id: authoritySignatureId,
      },
    );
    expect(verifySignature.valid).toBe(true);
    expect(verifySignature.checks.map((c: { name: string }) => c.name)).toEqual(['platform-signature', 'payload-matches-record', 'version-hash']);

    const pem = await (await fetch(`${app.url}/.well-known/pactwatch-signing-key.pem`)).text();
    const { platformSigningKey } = await app.ok('{ platformSigningKey { algorithm keyId publicKeyPem } }');
    expect(platformSigningKey.publicKeyPem).toBe(pem);
    const { verify, createPublicKey } = await import('node:crypto');
    const { payload, platformSignature } = verifySignature.record;
    expect(verify(null, Buffer.from(payload), createPublicKey(pem), Buffer.from(platformSignature, 'base64'))).toBe(true);

    const forged = payload.replace('Amina Ekal', 'Someone Else');
    const { verifySignaturePayload } = await app.ok(
      `query ($p: String!, $s: String!) { verifySignaturePayload(payload: $p, platformSignature: $s) { valid } }`,
      { p: forged, s: platformSignature },
    );
    expect(verifySignaturePayload.valid).toBe(false);
  });

  it('keeps a hash-chained audit trail of every change to the procurement', async () => {
    const { procurement } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { auditTrail(page: { limit: 200 }) { totalCount items { seq action actorId subjectType hash previousHash } } } }`,
      { id: world.procurementId },
      world.tokens.implementer,
    );
    const actions = procurement.auditTrail.items.map((e: { action: string }) => e.action);
    for (const action of [
      'procurement.created',
      'procurement.bidder_added',
      'pact.draft_created',
      'pact.draft_updated',
      'pact.draft_commented',
      'pact.version_published',
      'pact.signed',
      'procurement.stage_advanced',
      'pact.amendment_started',
    ]) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((a: string) => a === 'pact.signed')).toHaveLength(5);
    const seqs = procurement.auditTrail.items.map((e: { seq: string }) => Number(e.seq));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });
});
