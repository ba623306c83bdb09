import { createHash } from 'node:crypto';
import { pdfText } from '../src/pdf/pdf-text.js';
import { ADVANCE, PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { lodge } from './support/complaints.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATE = `mutation ($input: CreateMonitoringReportInput!) {
  createMonitoringReport(input: $input) { id status kind title language templateKey periodStart periodEnd sections { key heading body } }
}`;
const UPDATE_SECTION = `mutation ($input: UpdateReportSectionInput!) { updateReportSection(input: $input) { id status approvedBy approvedAt sections { key heading body } } }`;
const CONTRIBUTE = `mutation ($input: ContributeToReportInput!) { contributeToReport(input: $input) { id sectionKey body authorId } }`;
const APPROVE = `mutation ($id: ID!) { approveMonitoringReport(reportId: $id) { id status approvedBy approvedAt } }`;
const PUBLISH_REPORT = `mutation ($id: ID!) { publishMonitoringReport(reportId: $id) { id reportId procurementId kind title language content canonicalContent contentHash publishedAt pdfUrl } }`;
const REPORT = `query ($id: ID!) { monitoringReport(id: $id) { id status sections { key } contributions { sectionKey body } published { id contentHash } } }`;
const RECORD_FINDING = `mutation ($input: RecordFindingInput!) { recordFinding(input: $input) { id } }`;
const RESPOND = `mutation ($input: RespondToFindingInput!) { respondToFinding(input: $input) { id } }`;
const SIGN_OFF = `mutation ($input: SignOffStageInput!) { signOffStage(input: $input) { id } }`;

const PERIOD = { periodStart: '2030-01-01T00:00:00.000Z', periodEnd: '2030-01-31T23:59:59.000Z' };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Monitoring reports as the IP implementer and the monitor would work on them: composed from
 * the template, contributed to, approved, published, fixed and hashed, and read by anyone as
 * data and as PDF. Findings and sign-offs are recorded through the findings and sign-off
 * mutations; their times are then set by SQL so that periods and response times are exact.
 */
describe('monitoring reports', () => {
  let app: TestApp;
  let world: DemoWorld;
  let strangerImplementer: string;
  const findings: Record<'bidOpening' | 'register' | 'notice' | 'planning', string> = { bidOpening: '', register: '', notice: '', planning: '' };
  let reportId: string;
  let published: { id: string; contentHash: string; canonicalContent: string; content: any; pdfUrl: string };

  const refusal = async (query: string, variables: Record<string, unknown>, token?: string) => (await app.fails(query, variables, token)).extensions;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    const { tokens } = world;

    const { publishPactDraft } = await app.ok(PUBLISH, { draftId: world.draftId }, tokens.authority);
    await app.ok(SIGN, { input: { pactVersionId: publishPactDraft.id, organisationId: world.authorityId, consent: true } }, tokens.authority);
    await app.ok(SIGN, { input: { pactVersionId: publishPactDraft.id, organisationId: world.bidderIds[0], consent: true } }, tokens.bidders[0]);
    for (const toStage of ['TENDER_PREPARATION', 'TENDER_OPEN']) {
      await app.ok(ADVANCE, { input: { procurementId: world.procurementId, toStage, note: `to ${toStage}` } }, tokens.authority);
    }
    await app.ok(SIGN_OFF, { input: { procurementId: world.procurementId, stage: 'TENDER_PREPARATION', decision: 'SIGNED_OFF' } }, tokens.monitor);
    await app.ok(
      SIGN_OFF,
      { input: { procurementId: world.procurementId, stage: 'TENDER_OPEN', decision: 'OBJECTED', reason: 'Bids were opened before the deadline.' } },
      tokens.monitor,
    );

    const record = async (stage: string, kind: string, severity: string, title: string, visibility = 'CONFIDENTIAL') =>
      (
        await app.ok(
          RECORD_FINDING,
          { input: { procurementId: world.procurementId, stage, kind, severity, title, description: `${title}: observed by the monitor.`, visibility } },
          tokens.monitor,
        )
      ).recordFinding.id as string;
    findings.bidOpening = await record('TENDER_OPEN', 'NON_COMPLIANCE', 'HIGH', 'Bids opened ten minutes before the deadline');
    findings.register = await record('TENDER_OPEN', 'RECOMMENDATION', 'MEDIUM', 'Publish the bid opening register');
    findings.notice = await record('TENDER_PREPARATION', 'OBSERVATION', 'LOW', 'Tender notice published on time', 'PUBLIC');
    findings.planning = await record('TENDER_PREPARATION', 'OBSERVATION', 'MEDIUM', 'Procurement plan approved without a market survey');
    await app.ok(RESPOND, { input: { findingId: findings.bidOpening, body: 'The committee has been reminded of the opening time.' } }, tokens.authority);
    await app.ok(RESPOND, { input: { findingId: findings.notice, body: 'Noted.' } }, tokens.authority);

    // January 2030: the bid-opening finding answered after 24 hours, the notice after 6, the
    // register unanswered; the planning finding falls before the period.
    const times: [string, string, string | null][] = [
      [findings.bidOpening, '2030-01-10T08:00:00Z', '2030-01-11T08:00:00Z'],
      [findings.register, '2030-01-12T08:00:00Z', null],
      [findings.notice, '2030-01-15T08:00:00Z', '2030-01-15T14:00:00Z'],
      [findings.planning, '2029-11-20T08:00:00Z', null],
    ];
    // Answers and stage decisions are fixed by triggers; moving them in time takes switching those off, as a superuser.
    const client = await app.sql.connect();
    try {
      await client.query('SET session_replication_role = replica');
      for (const [id, recorded, answered] of times) {
        await client.query('UPDATE findings SET created_at = $2 WHERE id = $1', [id, recorded]);
        if (answered) await client.query('UPDATE finding_responses SET created_at = $2 WHERE finding_id = $1', [id, answered]);
      }
      await client.query(`UPDATE stage_sign_offs SET created_at = '2030-01-05T08:00:00Z' WHERE procurement_id = $1`, [world.procurementId]);
      await client.query('SET session_replication_role = DEFAULT');
    } finally {
      client.release();
    }
    // Indicators are computed by the red-flags module from bids; this stands for one it raised.
    await app.sql.query(
      `INSERT INTO red_flags (procurement_id, code, triggered, evidence, threshold, computed_at, status)
       VALUES ($1, 'R018', true, '{"bids": 1}', 1, '2030-01-20T00:00:00Z', 'CONFIRMED')
       ON CONFLICT (procurement_id, code) DO UPDATE SET triggered = true, evidence = EXCLUDED.evidence, status = 'CONFIRMED'`,
      [world.procurementId],
    );

    // An implementer organisation that does not run this procurement's pact.
    const { createOrganisation } = await app.ok(
      `mutation { createOrganisation(input: { name: "Other Integrity Programme", kind: IP_IMPLEMENTER }) { id } }`,
      {},
      tokens.admin,
    );
    await app.ok(
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          email: 'other-implementer@example.org',
          name: 'Other Implementer',
          password: 'long enough password',
          organisationId: createOrganisation.id,
          role: 'ADMIN',
          title: 'Programme officer',
        },
      },
      tokens.admin,
    );
    strangerImplementer = await app.login('other-implementer@example.org', 'long enough password');
  });
  afterAll(() => app?.close());

  describe('composing', () => {
    it('lets the implementer start a periodic report from the template, the procurement and period filled in', async () => {
      const { createMonitoringReport: report } = await app.ok(
        CREATE,
        { input: { procurementId: world.procurementId, kind: 'PERIODIC', ...PERIOD } },
        world.tokens.implementer,
      );
      reportId = report.id;
      expect(report).toMatchObject({ status: 'DRAFT', kind: 'PERIODIC', language: 'en', templateKey: 'standard', ...PERIOD });
      expect(report.title).toBe('Monitoring report 2030-01-01 to 2030-01-31: Supply of essential medicines to county health facilities');
      expect(report.sections.map((s: { key: string }) => s.key)).toEqual([
        'summary',
        'procurement',
        'findings',
        'recommendations',
        'response-times',
        'sign-offs',
        'red-flags',
        'signatories',
        'complaints',
        'conclusion',
      ]);
      expect(report.sections[0].body).toContain('TCG/HLTH/2026/014');
      expect(report.sections[0].body).toContain('County Government of Turkana');
      expect(report.sections[0].body).toContain('Independent Procurement Monitors Ltd');
      expect(JSON.stringify(report)).not.toContain('{{');
    });

    it('offers the template in French', async () => {
      const { reportTemplates } = await app.ok('{ reportTemplates { key language name sections { key heading } } }');
      expect(reportTemplates.map((t: { key: string; language: string }) => `${t.key}/${t.language}`)).toEqual(['standard/en', 'standard/fr']);
      const { createMonitoringReport } = await app.ok(
        CREATE,
        { input: { procurementId: world.procurementId, kind: 'FINAL', language: 'fr' } },
        world.tokens.implementer,
      );
      expect(createMonitoringReport.title).toBe('Rapport de suivi final : Supply of essential medicines to county health facilities');
      expect(createMonitoringReport.sections[0].heading).toBe('Synthèse');
    });

    it('refuses a periodic report without a period, a final one with a period, and an unknown template', async () => {
      const create = (input: Record<string, unknown>) => refusal(CREATE, { input: { procurementId: world.procurementId, ...input } }, world.tokens.implementer);
      expect(await create({ kind: 'PERIODIC', periodStart: PERIOD.periodStart })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_REPORT_PERIOD' });
      expect(await create({ kind: 'PERIODIC', periodStart: PERIOD.periodEnd, periodEnd: PERIOD.periodStart })).toMatchObject({
        reason: 'INVALID_REPORT_PERIOD',
      });
      expect(await create({ kind: 'FINAL', ...PERIOD })).toMatchObject({ reason: 'INVALID_REPORT_PERIOD' });
      expect(await create({ kind: 'FINAL', templateKey: 'lengthy' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_TEMPLATE' });
      expect(await create({ kind: 'FINAL', language: 'sw' })).toMatchObject({ reason: 'UNKNOWN_TEMPLATE' });
    });

    it('refuses everyone but the procurement’s implementer', async () => {
      const input = { procurementId: world.procurementId, kind: 'FINAL' };
      for (const token of [world.tokens.authority, world.tokens.bidders[0], world.tokens.monitor, world.tokens.partner]) {
        expect(await refusal(CREATE, { input }, token)).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await refusal(CREATE, { input }, strangerImplementer)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(CREATE, { input })).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await refusal(CREATE, { input: { ...input, procurementId: '00000000-0000-4000-8000-000000000000' } }, world.tokens.implementer)).toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('lets the implementer rewrite a section, and nobody else', async () => {
      const input = { reportId, key: 'summary', body: 'The monitor attended the bid opening.\n\nOne finding was serious.' };
      const { updateReportSection } = await app.ok(UPDATE_SECTION, { input }, world.tokens.implementer);
      expect(updateReportSection.sections[0]).toEqual({ key: 'summary', heading: 'Summary', body: input.body });
      const { updateReportSection: renamed } = await app.ok(
        UPDATE_SECTION,
        { input: { ...input, key: 'conclusion', heading: 'Conclusions', body: 'Act on the findings.' } },
        world.tokens.implementer,
      );
      expect(renamed.sections.at(-1)).toEqual({ key: 'conclusion', heading: 'Conclusions', body: 'Act on the findings.' });

      expect(await refusal(UPDATE_SECTION, { input: { ...input, key: 'epilogue' } }, world.tokens.implementer)).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'UNKNOWN_REPORT_SECTION',
      });
      for (const token of [world.tokens.monitor, world.tokens.authority, world.tokens.bidders[0]]) {
        expect(await refusal(UPDATE_SECTION, { input }, token)).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await refusal(UPDATE_SECTION, { input }, strangerImplementer)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(UPDATE_SECTION, { input })).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('lets the assigned monitor contribute to a section, and nobody else', async () => {
      const input = { reportId, sectionKey: 'findings', body: 'I attended the opening; the register was not signed.' };
      const { contributeToReport } = await app.ok(CONTRIBUTE, { input }, world.tokens.monitor);
      expect(contributeToReport).toMatchObject({ sectionKey: 'findings', body: input.body });

      expect(await refusal(CONTRIBUTE, { input: { ...input, sectionKey: 'epilogue' } }, world.tokens.monitor)).toMatchObject({
        reason: 'UNKNOWN_REPORT_SECTION',
      });
      for (const token of [world.tokens.implementer, world.tokens.authority, world.tokens.bidders[0]]) {
        expect(await refusal(CONTRIBUTE, { input }, token)).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await refusal(CONTRIBUTE, { input })).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('shows reports in preparation, with the contributions, to the implementer and the monitor only', async () => {
      for (const token of [world.tokens.implementer, world.tokens.monitor]) {
        const { monitoringReport } = await app.ok(REPORT, { id: reportId }, token);
        expect(monitoringReport).toMatchObject({
          status: 'DRAFT',
          published: null,
          contributions: [{ sectionKey: 'findings', body: 'I attended the opening; the register was not signed.' }],
        });
        const { monitoringReports } = await app.ok(`query ($p: ID!) { monitoringReports(procurementId: $p) { id kind } }`, { p: world.procurementId }, token);
        expect(monitoringReports.map((r: { kind: string }) => r.kind)).toEqual(['FINAL', 'PERIODIC']);
      }
      for (const token of [world.tokens.authority, world.tokens.bidders[0], strangerImplementer]) {
        expect(await refusal(REPORT, { id: reportId }, token)).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await refusal(REPORT, { id: reportId })).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await refusal(REPORT, { id: '00000000-0000-4000-8000-000000000000' }, world.tokens.implementer)).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('approval', () => {
    it('is refused to the monitor, the authority, bidders and the public', async () => {
      for (const token of [world.tokens.monitor, world.tokens.authority, world.tokens.bidders[0]]) {
        expect(await refusal(APPROVE, { id: reportId }, token)).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await refusal(APPROVE, { id: reportId }, strangerImplementer)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(APPROVE, { id: reportId })).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('refuses to publish a draft', async () => {
      expect(await refusal(PUBLISH_REPORT, { id: reportId }, world.tokens.implementer)).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_NOT_APPROVED' });
    });

    it('moves the draft to APPROVED, closing it to contributions; an edit withdraws the approval', async () => {
      const { approveMonitoringReport } = await app.ok(APPROVE, { id: reportId }, world.tokens.implementer);
      expect(approveMonitoringReport.status).toBe('APPROVED');
      expect(approveMonitoringReport.approvedBy).toBeTruthy();
      expect(await refusal(APPROVE, { id: reportId }, world.tokens.implementer)).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_NOT_DRAFT' });
      expect(await refusal(CONTRIBUTE, { input: { reportId, sectionKey: 'summary', body: 'Too late.' } }, world.tokens.monitor)).toMatchObject({
        code: 'CONFLICT',
        reason: 'REPORT_NOT_DRAFT',
      });

      const { updateReportSection } = await app.ok(
        UPDATE_SECTION,
        { input: { reportId, key: 'complaints', body: 'No complaint was received.' } },
        world.tokens.implementer,
      );
      expect(updateReportSection).toMatchObject({ status: 'DRAFT', approvedBy: null, approvedAt: null });
      expect((await app.ok(APPROVE, { id: reportId }, world.tokens.implementer)).approveMonitoringReport.status).toBe('APPROVED');
    });
  });

  describe('publication', () => {
    it('is refused to everyone but the implementer', async () => {
      for (const token of [world.tokens.monitor, world.tokens.authority, world.tokens.bidders[0], strangerImplementer]) {
        expect(await refusal(PUBLISH_REPORT, { id: reportId }, token)).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await refusal(PUBLISH_REPORT, { id: reportId })).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('keeps confidential findings from the public until then', async () => {
      expect(await refusal(`query ($id: ID!) { finding(id: $id) { id } }`, { id: findings.bidOpening })).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await app.ok(`query ($id: ID!) { finding(id: $id) { title } }`, { id: findings.notice })).finding.title).toBe('Tender notice published on time');
    });

    it('freezes the content, whose hash is the SHA-256 of its canonical JSON', async () => {
      const { publishMonitoringReport } = await app.ok(PUBLISH_REPORT, { id: reportId }, world.tokens.implementer);
      published = publishMonitoringReport;
      expect(published).toMatchObject({
        reportId,
        procurementId: world.procurementId,
        kind: 'PERIODIC',
        language: 'en',
        pdfUrl: `/reports/published/${published.id}/pdf`,
      });
      expect(sha256(published.canonicalContent)).toBe(published.contentHash);
      expect(JSON.parse(published.canonicalContent)).toEqual(published.content);

      const { monitoringReport } = await app.ok(REPORT, { id: reportId }, world.tokens.implementer);
      expect(monitoringReport).toMatchObject({ status: 'PUBLISHED', published: { id: published.id, contentHash: published.contentHash } });
    });

    it('holds the period’s stage-by-stage findings and recommendations with the responses, sign-offs, signatories and red flags', () => {
      const { content } = published;
      expect(content).toMatchObject({
        type: 'pactwatch.monitoring-report/v1',
        reportId,
        kind: 'PERIODIC',
        period: { start: PERIOD.periodStart, end: PERIOD.periodEnd },
      });
      expect(content.procurement).toMatchObject({
        reference: 'TCG/HLTH/2026/014',
        authority: 'County Government of Turkana',
        monitor: 'Independent Procurement Monitors Ltd',
        implementer: 'Lake Region Integrity Network',
        stage: 'TENDER_OPEN',
      });
      expect(content.procurement.timeline.map((t: { toStage: string }) => t.toStage)).toEqual(['TENDER_PREPARATION', 'TENDER_OPEN']);
      expect(content.sections.find((s: { key: string }) => s.key === 'findings').contributions).toEqual([
        { body: 'I attended the opening; the register was not signed.', contributedAt: expect.any(String) },
      ]);

      expect(content.findings.map((g: { stage: string; findings: { title: string }[] }) => [g.stage, g.findings.map((f) => f.title)])).toEqual([
        ['TENDER_PREPARATION', ['Tender notice published on time']],
        ['TENDER_OPEN', ['Bids opened ten minutes before the deadline']],
      ]);
      expect(content.findings[1].findings[0]).toMatchObject({
        kind: 'NON_COMPLIANCE',
        severity: 'HIGH',
        status: 'ANSWERED',
        firstResponseHours: 24,
        responses: [{ body: 'The committee has been reminded of the opening time.', respondedAt: '2030-01-11T08:00:00.000Z' }],
      });
      expect(content.recommendations).toEqual([
        expect.objectContaining({ title: 'Publish the bid opening register', status: 'OPEN', firstResponseHours: null, responses: [] }),
      ]);
      expect(JSON.stringify(content)).not.toContain('market survey');
      expect(content.responseTimes).toEqual({ count: 3, answered: 2, unanswered: 1, medianHours: 15, p90Hours: 24 });

      expect(content.signOffs).toEqual([
        expect.objectContaining({ stage: 'TENDER_PREPARATION', decision: 'SIGNED_OFF' }),
        expect.objectContaining({ stage: 'TENDER_OPEN', decision: 'OBJECTED', reason: 'Bids were opened before the deadline.' }),
      ]);
      expect(content.signatories.pactVersion).toBe(1);
      expect(content.signatories.signatures.map((s: { organisation: string; party: string }) => [s.party, s.organisation])).toEqual([
        ['AUTHORITY', 'County Government of Turkana'],
        ['BIDDER', 'Lodwar Medical Supplies Ltd'],
      ]);
      expect(content.redFlags).toContainEqual(expect.objectContaining({ code: 'R018', status: 'CONFIRMED', evidence: { bids: 1 } }));
      // No complaint names this procurement: the figures say so (complaint-referral tests count real ones).
      expect(content.complaints).toEqual({
        available: true,
        withheldBelow: 5,
        total: 0,
        byStatus: [],
        byType: [],
        medianHoursToFirstAction: null,
        medianHoursToResolution: null,
      });
    });

    it('makes the confidential findings and the objection it includes public, and leaves the others confidential', async () => {
      const { rows } = await app.sql.query('SELECT id, published_in_report_id FROM findings WHERE procurement_id = $1', [world.procurementId]);
      const publishedIn = Object.fromEntries(rows.map((r: { id: string; published_in_report_id: string | null }) => [r.id, r.published_in_report_id]));
      expect(publishedIn).toEqual({
        [findings.bidOpening]: published.id,
        [findings.register]: published.id,
        [findings.notice]: published.id,
        [findings.planning]: null,
      });
      const signOffs = await app.sql.query('SELECT published_in_report_id FROM stage_sign_offs WHERE procurement_id = $1', [world.procurementId]);
      expect(signOffs.rows.map((r: { published_in_report_id: string }) => r.published_in_report_id)).toEqual([published.id, published.id]);

      const { finding } = await app.ok(`query ($id: ID!) { finding(id: $id) { title visibility publishedInReportId } }`, { id: findings.bidOpening });
      expect(finding).toEqual({ title: 'Bids opened ten minutes before the deadline', visibility: 'CONFIDENTIAL', publishedInReportId: published.id });
      expect(await refusal(`query ($id: ID!) { finding(id: $id) { id } }`, { id: findings.planning })).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('publishes only once, and a published report no longer changes', async () => {
      expect(await refusal(PUBLISH_REPORT, { id: reportId }, world.tokens.implementer)).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_ALREADY_PUBLISHED' });
      expect(await refusal(APPROVE, { id: reportId }, world.tokens.implementer)).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_ALREADY_PUBLISHED' });
      expect(await refusal(UPDATE_SECTION, { input: { reportId, key: 'summary', body: 'Rewritten.' } }, world.tokens.implementer)).toMatchObject({
        code: 'CONFLICT',
        reason: 'REPORT_ALREADY_PUBLISHED',
      });
      expect(await refusal(CONTRIBUTE, { input: { reportId, sectionKey: 'summary', body: 'Late.' } }, world.tokens.monitor)).toMatchObject({
        code: 'CONFLICT',
      });
    });

    it.each([
      ['UPDATE', `UPDATE published_reports SET title = 'Rewritten' WHERE id = $1`],
      ['DELETE', `DELETE FROM published_reports WHERE id = $1`],
    ])('the database refuses a direct %s of a published report', async (_, statement) => {
      await expect(app.sql.query(statement, [published.id])).rejects.toThrow(/published_reports is insert-only/);
    });

    it('is audited at every step', async () => {
      const { procurement } = await app.ok(
        `query ($id: ID!) { procurement(id: $id) { auditTrail(page: { limit: 200 }) { items { action subjectId } } } }`,
        { id: world.procurementId },
        world.tokens.implementer,
      );
      const actions = procurement.auditTrail.items.map((e: { action: string }) => e.action);
      for (const action of ['report.created', 'report.section_updated', 'report.contributed', 'report.approved', 'report.published'])
        expect(actions).toContain(action);
    });
  });

  describe('the public record', () => {
    it('lists and shows published reports to anyone, without signing in', async () => {
      const list = `query ($p: ID) { publishedReports(procurementId: $p) { totalCount hasMore items { id title contentHash pdfUrl } } }`;
      const { publishedReports } = await app.ok(list, { p: world.procurementId });
      expect(publishedReports).toMatchObject({
        totalCount: 1,
        hasMore: false,
        items: [{ id: published.id, contentHash: published.contentHash, pdfUrl: published.pdfUrl }],
      });
      expect((await app.ok(list, { p: '00000000-0000-4000-8000-000000000000' })).publishedReports.totalCount).toBe(0);
      expect((await app.ok(`{ publishedReports(page: { limit: 1 }) { totalCount } }`)).publishedReports.totalCount).toBe(1);

      const { publishedReport } = await app.ok(`query ($id: ID!) { publishedReport(id: $id) { contentHash canonicalContent } }`, { id: published.id });
      expect(sha256(publishedReport.canonicalContent)).toBe(published.contentHash);
      expect(await refusal(`query ($id: ID!) { publishedReport(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('serves the PDF to anyone, with sections, charts, findings and the hash', async () => {
      const response = await fetch(`${app.url}${published.pdfUrl}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="monitoring-report-TCG_HLTH_2026_014-\d{4}-\d{2}-\d{2}\.pdf"$/);
      const text = (await pdfText(Buffer.from(await response.arrayBuffer()))).replace(/\s+/g, ' ');

      for (const heading of ['1. Summary', '3. Stage-by-stage findings', "4. Recommendations and the authority's responses", '10. Conclusions'])
        expect(text).toContain(heading);
      expect(text).toContain('The monitor attended the bid opening.');
      expect(text).toContain('Contribution of the independent monitor');
      expect(text).toContain('Findings by stage and severity');
      expect(text).toContain("Time from finding to the authority's first response");
      expect(text).toContain('Bids opened ten minutes before the deadline');
      expect(text).toContain('Publish the bid opening register');
      expect(text).toContain('The committee has been reminded of the opening time.');
      expect(text).toContain('Bids were opened before the deadline.');
      expect(text).toContain('Lodwar Medical Supplies Ltd');
      expect(text).toContain('R018');
      expect(text.replace(/\s+/g, '')).toContain(published.contentHash);
    });

    it('answers 404 for an unknown report and 400 for a malformed id', async () => {
      const missing = await fetch(`${app.url}/reports/published/00000000-0000-4000-8000-000000000000/pdf`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      expect((await fetch(`${app.url}/reports/published/not-a-uuid/pdf`)).status).toBe(400);
    });
  });

  describe('a final report', () => {
    it('covers every finding of the procurement; those already published keep their first report', async () => {
      const { monitoringReports } = await app.ok(
        `query ($p: ID!) { monitoringReports(procurementId: $p) { id kind } }`,
        { p: world.procurementId },
        world.tokens.implementer,
      );
      const finalId = monitoringReports.find((r: { kind: string }) => r.kind === 'FINAL').id;
      // Complaints from the public about the procurement: the final report counts them.
      for (const typeCode of ['CORRUPTION', 'CORRUPTION', 'CORRUPTION', 'CORRUPTION', 'CORRUPTION', 'SERVICE_DELIVERY']) {
        await lodge(app, { typeCode, procurementReference: 'TCG/HLTH/2026/014' });
      }
      await app.ok(APPROVE, { id: finalId }, world.tokens.implementer);
      const { publishMonitoringReport: final } = await app.ok(PUBLISH_REPORT, { id: finalId }, world.tokens.implementer);

      expect(final.content).toMatchObject({ kind: 'FINAL', language: 'fr', period: null });
      const titles = final.content.findings.flatMap((g: { findings: { title: string }[] }) => g.findings.map((f) => f.title));
      expect(titles).toEqual(expect.arrayContaining(['Procurement plan approved without a market survey', 'Bids opened ten minutes before the deadline']));
      expect(final.content.complaints).toMatchObject({
        available: true,
        total: 6,
        byStatus: [{ status: 'REFERRED', count: 6 }],
        // One service-delivery complaint is withheld, so the five others are too: 6 − 5 would give it back.
        byType: [
          { type: 'Corruption or bribery', count: null },
          { type: 'Service delivery', count: null },
        ],
      });
      const { rows } = await app.sql.query('SELECT id, published_in_report_id FROM findings WHERE id = ANY($1)', [[findings.planning, findings.bidOpening]]);
      expect(Object.fromEntries(rows.map((r: { id: string; published_in_report_id: string }) => [r.id, r.published_in_report_id]))).toEqual({
        [findings.planning]: final.id,
        [findings.bidOpening]: published.id,
      });

      const pdf = await fetch(`${app.url}${final.pdfUrl}`);
      const text = (await pdfText(Buffer.from(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
      expect(text).toContain('Rapport de suivi final');
      expect(text).toContain('Constats par étape et par gravité');
      expect(text).toContain('Procurement plan approved without a market survey');
    });
  });
});
