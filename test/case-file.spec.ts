import { DEMO_PROCUREMENT_REFERENCE, PUBLISH, demoWorld, type DemoWorld } from './support/demo.js';
import { lodge } from './support/complaints.js';
import { countQueries } from './support/query-counter.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MONITORED = 'TCG/WTR/2026/003';

const PROCUREMENT_FIELDS = `id reference ocid procurementMethod title description authorityId monitorId implementerId estimatedValue currency
  sector area tenderPeriodStart tenderPeriodEnd stage awardedBidderId createdAt updatedAt
  authority { id name kind country }
  stageHistory { id procurementId fromStage toStage actorId note occurredAt }
  stageSignOffs { id procurementId stage decision reason monitorId signedBy publishedInReportId createdAt }
  pact { id procurementId createdAt versions { id pactId number templateKey language title clauses { key heading body } contentHash publishedBy publishedAt
    superseded signatures { id pactVersionId versionHash organisationId organisationName party signerUserId signerName signerTitle signedAt } } }`;
const FINDING_FIELDS = `id procurementId stage kind severity title description visibility status monitorId createdBy redFlagId publishedInReportId
  createdAt updatedAt responses { id findingId authorId body createdAt }`;

/** The case file through the resolvers of each type: the path the compiled read replaces, kept as its oracle. */
const RESOLVED = `query ($id: ID!) { procurement(id: $id) { ${PROCUREMENT_FIELDS} findings { items { ${FINDING_FIELDS} } } } }`;
const COMPILED = `query ($reference: String!) { caseFile(reference: $reference) { ${PROCUREMENT_FIELDS} findings { ${FINDING_FIELDS} } } }`;
const RESOLVED_LIST = `{ procurements(page: { limit: 50 }) { totalCount hasMore items { ${PROCUREMENT_FIELDS} findings { items { ${FINDING_FIELDS} } } } } }`;
const COMPILED_LIST = `{ caseFiles(page: { limit: 50 }) { totalCount hasMore items { ${PROCUREMENT_FIELDS} findings { ${FINDING_FIELDS} } } } }`;
const RECORD = `mutation ($input: RecordFindingInput!) { recordFinding(input: $input) { id } }`;
const RESPOND = `mutation ($input: RespondToFindingInput!) { respondToFinding(input: $input) { id } }`;

/** The public case file: what anyone can read about a procurement, in one statement whatever its length, and never more than the rules allow. */
describe('the compiled case file', () => {
  let app: TestApp;
  let world: DemoWorld;
  let ids: Map<string, string>;
  let viewers: Array<[string, string | undefined]>;

  beforeAll(async () => {
    app = await startTestApp({}, { monitoringDemo: true });
    world = await demoWorld(app);
    const { rows } = await app.sql.query<{ id: string; reference: string }>('SELECT id, reference FROM procurements');
    ids = new Map(rows.map((r) => [r.reference, r.id]));
    viewers = [
      ['the public', undefined],
      ['the authority', world.tokens.authority],
      ['the monitor', world.tokens.monitor],
      ['the implementer', world.tokens.implementer],
      ...world.tokens.bidders.map((token, index): [string, string] => [`bidder ${index}`, token]),
      ['a referral partner', world.tokens.partner],
      ['the convener', world.tokens.convener],
      ['a platform admin', world.tokens.admin],
    ];
  });
  afterAll(() => app?.close());

  /** Both reads, for one viewer: the same case file, or both refused (the compiled read answers NOT_FOUND, telling nothing). */
  async function expectSameAsResolved(reference: string, who: string, token: string | undefined): Promise<'read' | 'refused'> {
    const resolved = await app.gql(RESOLVED, { id: ids.get(reference) }, token);
    const compiled = await app.gql(COMPILED, { reference }, token);
    if (resolved.errors) {
      expect({ who, codes: [resolved.errors[0].extensions.code, compiled.errors?.[0].extensions.code] }).toEqual({
        who,
        codes: [expect.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/), 'NOT_FOUND'],
      });
      return 'refused';
    }
    expect(compiled.errors).toBeUndefined();
    const { findings, ...rest } = resolved.data.procurement;
    expect({ who, caseFile: compiled.data.caseFile }).toEqual({ who, caseFile: { ...rest, findings: findings.items } });
    return 'read';
  }

  it('returns exactly what the resolvers return, for every role, on a monitored procurement', async () => {
    const outcomes: Record<string, string> = {};
    for (const [who, token] of viewers) outcomes[who] = await expectSameAsResolved(MONITORED, who, token);
    expect(Object.values(outcomes).every((outcome) => outcome === 'read')).toBe(true);
    const { caseFile } = await app.ok(COMPILED, { reference: MONITORED });
    expect(caseFile.findings.length).toBeGreaterThan(0);
    expect(caseFile.findings.some((f: { responses: unknown[] }) => f.responses.length > 0)).toBe(true);
  });

  it('refuses a procurement outside the public record as the resolvers do, then follows it into the record', async () => {
    const before: Record<string, string> = {};
    for (const [who, token] of viewers) before[who] = await expectSameAsResolved(DEMO_PROCUREMENT_REFERENCE, who, token);
    expect(before).toMatchObject({ 'the public': 'refused', 'a referral partner': 'refused', 'the authority': 'read', 'the monitor': 'read' });

    const procurementId = ids.get(DEMO_PROCUREMENT_REFERENCE);
    const finding = (visibility: string, title: string) =>
      app.ok(RECORD, { input: { procurementId, kind: 'OBSERVATION', severity: 'MEDIUM', title, description: 'Details.', visibility } }, world.tokens.monitor);
    const { recordFinding: secret } = await finding('CONFIDENTIAL', 'Evaluation committee members not vetted');
    const { recordFinding: open } = await finding('PUBLIC', 'Tender notice posted late');
    for (const findingId of [secret.id, open.id]) {
      await app.ok(RESPOND, { input: { findingId, body: 'We will correct this before the tender opens.' } }, world.tokens.authority);
    }
    await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);

    const after: Record<string, string> = {};
    for (const [who, token] of viewers) after[who] = await expectSameAsResolved(DEMO_PROCUREMENT_REFERENCE, who, token);
    expect(Object.values(after).every((outcome) => outcome === 'read')).toBe(true);
    const seen = await app.ok(COMPILED, { reference: DEMO_PROCUREMENT_REFERENCE });
    expect(seen.caseFile.findings.map((f: { id: string }) => f.id)).toEqual([open.id]);
    expect(seen.caseFile.findings[0].responses).toHaveLength(1);
  });

  it('reads the whole case file in at most two statements, for the public and for a party', async () => {
    for (const token of [undefined, world.tokens.authority, world.tokens.monitor]) {
      const { queries, result } = await countQueries(app, () => app.ok(COMPILED, { reference: MONITORED }, token));
      expect(result.caseFile.pact.versions.length).toBeGreaterThan(0);
      expect(queries).toBeLessThanOrEqual(2);
    }
  });

  it('lists the same case files as the procurement list, for every role, in at most two statements', async () => {
    for (const [who, token] of viewers) {
      const resolved = await app.gql(RESOLVED_LIST, {}, token);
      const compiled = await countQueries(app, () => app.gql(COMPILED_LIST, {}, token));
      if (resolved.errors) {
        expect({ who, code: compiled.result.errors?.[0].extensions.code }).toEqual({ who, code: resolved.errors[0].extensions.code });
        continue;
      }
      const { items, ...counts } = resolved.data.procurements;
      const expected = { ...counts, items: items.map(({ findings, ...rest }: { findings: { items: unknown[] } }) => ({ ...rest, findings: findings.items })) };
      expect({ who, page: compiled.result.data.caseFiles }).toEqual({ who, page: expected });
      expect({ who, queries: compiled.queries <= 2 }).toEqual({ who, queries: true });
    }
    const { caseFiles } = await app.ok(`{ caseFiles(page: { limit: 1, offset: 5 }) { totalCount hasMore items { id } } }`, {}, world.tokens.admin);
    expect(caseFiles).toEqual({ totalCount: 2, hasMore: false, items: [] });
  });

  it('answers aliases, fragments and a partial selection with just the fields asked for', async () => {
    const { caseFile } = await app.ok(
      `query ($reference: String!) { caseFile(reference: $reference) { ref: reference ...Parts } }
       fragment Parts on CaseFile { pact { versions { number } } findings { title } }`,
      { reference: MONITORED },
    );
    expect(Object.keys(caseFile).sort()).toEqual(['findings', 'pact', 'ref']);
    expect(caseFile.ref).toBe(MONITORED);
    expect(Object.keys(caseFile.pact.versions[0])).toEqual(['number']);
  });

  it('lists the published reports, the same for the public as the reports query', async () => {
    const { publishedReports } = await app.ok(`{ publishedReports { items { id title contentHash procurementId } } }`);
    const { caseFile } = await app.ok(`query ($r: String!) { caseFile(reference: $r) { id publishedReports { id title contentHash procurementId } } }`, {
      r: MONITORED,
    });
    expect(caseFile.publishedReports.length).toBeGreaterThan(0);
    expect(caseFile.publishedReports).toEqual(publishedReports.items.filter((r: { procurementId: string }) => r.procurementId === caseFile.id));
  });

  it('filters case files by words, authority and sector', async () => {
    const references = async (filter: object) =>
      (await app.ok(`query ($f: ProcurementFilterInput) { caseFiles(filter: $f) { items { reference } } }`, { f: filter })).caseFiles.items.map(
        (p: { reference: string }) => p.reference,
      );
    expect(await references({ search: 'boreholes', sector: 'water', authorityId: world.authorityId })).toEqual([MONITORED]);
    expect(await references({ search: 'essential medicines', sector: 'Water' })).toEqual([]);
  });

  /** What issue 11 adds to the public case file: confirmed red flags, published sign-offs, each signature checked, complaint figures. */
  const RECORD_PARTS = `query ($reference: String!) { caseFile(reference: $reference) {
    confirmedRedFlags { id code status computedAt decidedAt }
    stageSignOffs { stage decision reason }
    pact { versions { signatures { id signerName verifiesWithPlatformKey } } }
    complaintFigures { smallCountsSuppressed smallestPublicCount total { count suppressed } byStatus { key label count suppressed } }
  } }`;

  // Before any complaint is lodged below: the queue's work on a new complaint would be counted too.
  it('reads the added parts in the same statements as the rest of the case file', async () => {
    const WHOLE = `query ($reference: String!) { caseFile(reference: $reference) { ${PROCUREMENT_FIELDS} findings { ${FINDING_FIELDS} }
      confirmedRedFlags { id code decidedAt } stageSignOffs { stage decision reason createdAt }
      pact { versions { signatures { verifiesWithPlatformKey } } }
      complaintFigures { total { count suppressed } byStatus { key count suppressed } } } }`;
    for (const token of [undefined, world.tokens.authority, world.tokens.monitor, world.tokens.convener]) {
      const without = await countQueries(app, () => app.ok(COMPILED, { reference: MONITORED }, token));
      const whole = await countQueries(app, () => app.ok(WHOLE, { reference: MONITORED }, token));
      expect(whole.result.caseFile.stageSignOffs.length).toBeGreaterThan(0);
      expect(whole.queries).toBe(without.queries);
    }
  });

  it('shows anyone the red flags the monitor confirmed, never the open or dismissed ones nor their evidence', async () => {
    const FLAGS = `query ($id: ID!) { procurement(id: $id) { redFlags { id code status decidedAt } } }`;
    const { procurement } = await app.ok(FLAGS, { id: ids.get(MONITORED) }, world.tokens.monitor);
    const confirmed = procurement.redFlags.filter((f: { status: string }) => f.status === 'CONFIRMED');
    expect(confirmed.map((f: { code: string }) => f.code)).toEqual(['R036']);
    // The monitor has open flags to review (PW-001 among them): the case file leaves them out, for everyone.
    expect(procurement.redFlags.some((f: { status: string }) => f.status === 'OPEN')).toBe(true);
    for (const [who, token] of viewers) {
      const { caseFile } = await app.ok(RECORD_PARTS, { reference: MONITORED }, token);
      expect({ who, flags: caseFile.confirmedRedFlags.map((f: { id: string; code: string; status: string }) => [f.id, f.code, f.status]) }).toEqual({
        who,
        flags: confirmed.map((f: { id: string; code: string }) => [f.id, f.code, 'CONFIRMED']),
      });
    }
    // The whole flags, evidence included, stay with the monitor and the implementer.
    expect((await app.gql(FLAGS, { id: ids.get(MONITORED) })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    for (const token of [world.tokens.authority, world.tokens.bidders[0], world.tokens.partner]) {
      expect((await app.gql(FLAGS, { id: ids.get(MONITORED) }, token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    // A field the public may not read of a red flag is not in the case file's type at all.
    expect((await app.gql(`{ caseFile(reference: "${MONITORED}") { confirmedRedFlags { evidence } } }`)).errors?.[0].message).toMatch(/evidence/);
  });

  it('shows the public the sign-offs and objections a published report includes, and each signature checked with the platform key', async () => {
    const { caseFile } = await app.ok(RECORD_PARTS, { reference: MONITORED });
    expect(caseFile.stageSignOffs).toEqual([
      { stage: 'TENDER_OPEN', decision: 'SIGNED_OFF', reason: '' },
      { stage: 'EVALUATION', decision: 'OBJECTED', reason: 'The lowest bid was disqualified without the cure period the tender documents provide.' },
    ]);
    const signatures = caseFile.pact.versions.flatMap((v: { signatures: unknown[] }) => v.signatures);
    expect(signatures.length).toBeGreaterThanOrEqual(3);
    expect(signatures.every((s: { verifiesWithPlatformKey: boolean }) => s.verifiesWithPlatformKey)).toBe(true);
    // The same answer as verifySignature's own checks, for each record.
    for (const { id } of signatures) {
      const { verifySignature } = await app.ok(`query ($id: ID!) { verifySignature(id: $id) { valid } }`, { id });
      expect(verifySignature.valid).toBe(true);
    }
  });

  it('says so when a signature record no longer matches what the platform signed', async () => {
    const { caseFile } = await app.ok(RECORD_PARTS, { reference: MONITORED });
    const victim = caseFile.pact.versions[0].signatures[0];
    // Records are insert-only; only the database owner, bypassing the triggers, can alter one, as a forger would.
    await app.sql.query(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE signatures SET signer_name = signer_name || ' (forged)' WHERE id = '${victim.id}'; COMMIT`);
    try {
      const after = await app.ok(RECORD_PARTS, { reference: MONITORED });
      const checked = after.caseFile.pact.versions[0].signatures.map((s: { id: string; verifiesWithPlatformKey: boolean }) => [
        s.id,
        s.verifiesWithPlatformKey,
      ]);
      expect(checked).toEqual(caseFile.pact.versions[0].signatures.map((s: { id: string }) => [s.id, s.id !== victim.id]));
    } finally {
      await app.sql.query(`BEGIN; SET LOCAL session_replication_role = replica;
        UPDATE signatures SET signer_name = $$${victim.signerName}$$ WHERE id = '${victim.id}'; COMMIT`);
    }
  });

  it('counts the complaints about the procurement, withholding small counts from the public as the statistics do', async () => {
    const figures = async (token?: string) => (await app.ok(RECORD_PARTS, { reference: MONITORED }, token)).caseFile.complaintFigures;
    const before = await figures();
    expect(before).toEqual({ smallCountsSuppressed: true, smallestPublicCount: 5, total: { count: 0, suppressed: false }, byStatus: [] });

    for (let n = 0; n < 3; n++) await lodge(app, { procurementReference: MONITORED, description: `Borehole ${n} at Lokiriama is dry already.` });
    const few = await figures();
    expect(few.total).toEqual({ count: null, suppressed: true });
    expect(few.byStatus.every((b: { count: number | null; suppressed: boolean }) => b.count === null && b.suppressed)).toBe(true);
    // The convener reads the full statistics, so the full counts.
    expect((await figures(world.tokens.convener)).total).toEqual({ count: 3, suppressed: false });

    for (let n = 3; n < 6; n++) await lodge(app, { procurementReference: MONITORED, description: `Borehole ${n} at Lokiriama is dry already.` });
    const more = await figures();
    expect(more.total).toEqual({ count: 6, suppressed: false });
    const shown = more.byStatus.filter((b: { suppressed: boolean }) => !b.suppressed);
    expect(shown.every((b: { count: number }) => b.count >= 5)).toBe(true);
    // Another procurement's complaints are not counted here.
    const other = await app.ok(RECORD_PARTS, { reference: DEMO_PROCUREMENT_REFERENCE }, world.tokens.authority);
    expect(other.caseFile.complaintFigures.total.count).toBe(0);
  });

  it('answers an unknown reference with NOT_FOUND', async () => {
    const error = await app.fails(`{ caseFile(reference: "TCG/NONE/2026/999") { id } }`);
    expect(error.extensions.code).toBe('NOT_FOUND');
  });
});
