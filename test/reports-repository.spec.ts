import { AuthService } from '../src/auth/auth.service.js';
import { defineAbilityFor } from '../src/authorization/ability.factory.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { ReportKind } from '../src/reports/monitoring-report.entity.js';
import { ReportsRepository } from '../src/reports/reports.repository.js';
import { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE, PUBLISH, demoWorld, type DemoWorld } from './support/demo.js';
import { lodge } from './support/complaints.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written queries of ReportsRepository against the seeded demo procurement. */
describe('ReportsRepository', () => {
  let app: TestApp;
  let world: DemoWorld;
  let repository: ReportsRepository;
  let transactions: TransactionService;
  let monitorUser: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    repository = app.running.app.get(ReportsRepository);
    transactions = app.running.app.get(TransactionService);
    monitorUser = (await app.sql.query(`SELECT id FROM users WHERE email = 'monitor@pactwatch.demo'`)).rows[0].id;
  });
  afterAll(() => app?.close());

  it('reads the latest published pact version, none while the pact is a draft', async () => {
    expect(await repository.currentPactVersion(transactions.reader, world.procurementId)).toBeNull();
    const { publishPactDraft } = await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    expect(await repository.currentPactVersion(transactions.reader, world.procurementId)).toEqual({
      id: publishPactDraft.id,
      number: 1,
      contentHash: publishPactDraft.contentHash,
    });
  });

  it('counts the procurement’s complaints of the period, leaving out other procurements, other periods and merged duplicates', async () => {
    const [recent, old, merged] = [
      await lodge(app, { procurementReference: DEMO_PROCUREMENT_REFERENCE }),
      await lodge(app, { procurementReference: DEMO_PROCUREMENT_REFERENCE }),
      await lodge(app, { procurementReference: DEMO_PROCUREMENT_REFERENCE }),
    ];
    await lodge(app);
    const { rows } = await app.sql.query(`SELECT id, procurement_id FROM complaints WHERE id = ANY($1)`, [[recent.id, old.id, merged.id]]);
    expect(rows.every((r) => r.procurement_id === world.procurementId)).toBe(true);
    await app.sql.query(`UPDATE complaints SET created_at = '2020-01-15T00:00:00Z' WHERE id = $1`, [old.id]);
    await app.sql.query(`UPDATE complaints SET merged_into_id = $1 WHERE id = $2`, [recent.id, merged.id]);

    const all = await repository.complaintsCovered(transactions.reader, world.procurementId, { periodStart: null, periodEnd: null });
    expect(all).toHaveLength(2);
    expect(all.map((c) => c.type)).toEqual([expect.any(String), expect.any(String)]);
    const lastYear = { periodStart: new Date(Date.now() - 365 * 86_400_000), periodEnd: new Date(Date.now() + 86_400_000) };
    const inPeriod = await repository.complaintsCovered(transactions.reader, world.procurementId, lastYear);
    expect(inPeriod).toHaveLength(1);
    expect(inPeriod[0]).toMatchObject({ status: expect.any(String), firstActionAt: null, resolvedAt: null });
  });

  it('makes included findings and objections public through the first report that includes them', async () => {
    const finding = (title: string) =>
      app.sql
        .query(
          `INSERT INTO findings (procurement_id, stage, kind, severity, title, description, monitor_id, created_by)
         VALUES ($1, 'PLANNING', 'OBSERVATION', 'LOW', $2, $5, $3, $4) RETURNING id`,
          [world.procurementId, title, world.monitorId, monitorUser, `about ${title}`],
        )
        .then((r) => r.rows[0].id as string);
    const signOff = (stage: string) =>
      app.sql
        .query(`INSERT INTO stage_sign_offs (procurement_id, stage, decision, monitor_id, signed_by) VALUES ($1, $2, 'SIGNED_OFF', $3, $4) RETURNING id`, [
          world.procurementId,
          stage,
          world.monitorId,
          monitorUser,
        ])
        .then((r) => r.rows[0].id as string);
    const [first, second, signed] = [await finding('first'), await finding('second'), await signOff('PLANNING')];
    const published = (n: number) =>
      transactions.run(async (tx) => {
        const report = await repository.insert(tx, {
          procurementId: world.procurementId,
          kind: ReportKind.FINAL,
          title: `r${n}`,
          periodStart: null,
          periodEnd: null,
          templateKey: 'standard',
          language: 'en',
          sections: [],
          createdBy: monitorUser,
        });
        return repository.insertPublished(tx, {
          reportId: report.id,
          procurementId: world.procurementId,
          kind: report.kind,
          title: report.title,
          language: 'en',
          content: {},
          canonicalContent: `r${n}`,
          contentHash: String(n).repeat(64),
          publishedBy: monitorUser,
          publishedAt: new Date(),
        });
      });
    const [one, two] = [await published(1), await published(2)];

    await transactions.run((tx) => repository.publishIncluded(tx, one.id, { findingIds: [first], signOffIds: [] }));
    await transactions.run((tx) => repository.publishIncluded(tx, two.id, { findingIds: [first, second], signOffIds: [signed] }));

    const findings = await app.sql.query(`SELECT id, published_in_report_id FROM findings WHERE id = ANY($1)`, [[first, second]]);
    expect(Object.fromEntries(findings.rows.map((r) => [r.id, r.published_in_report_id]))).toEqual({ [first]: one.id, [second]: two.id });
    const signOffs = await app.sql.query(`SELECT published_in_report_id FROM stage_sign_offs WHERE id = $1`, [signed]);
    expect(signOffs.rows[0].published_in_report_id).toBe(two.id);
  });

  it('lists the procurements whose reports a viewer reads, each with its reports counted by status, filtered by the rules in SQL; and a page of one procurement’s reports, newest first', async () => {
    const abilityOf = async (email: string) => {
      const { rows } = await app.sql.query(`SELECT id FROM users WHERE email = $1`, [email]);
      return defineAbilityFor(await app.running.app.get(AuthService).loadUser(rows[0].id));
    };
    const [implementer, bidder] = [await abilityOf(DEMO_ACCOUNTS.implementer), await abilityOf(DEMO_ACCOUNTS.bidders[0])];
    const demoRow = async () => {
      const [rows, total] = await repository.reportingPage(transactions.reader, implementer, { limit: 50, offset: 0 });
      return { row: rows.find((r) => r.id === world.procurementId)!, total };
    };
    const before = await demoRow();
    const reportsBefore = (await repository.ofProcurement(transactions.reader, world.procurementId)).length;
    // One transaction each, so their created_at (the transaction's now()) differ and order them.
    const draft = (title: string) =>
      transactions.run((tx) =>
        repository.insert(tx, {
          procurementId: world.procurementId,
          kind: ReportKind.FINAL,
          title,
          periodStart: null,
          periodEnd: null,
          templateKey: 'standard',
          language: 'en',
          sections: [],
          createdBy: monitorUser,
        }),
      );
    const [, approved, published] = [await draft('draft'), await draft('approved'), await draft('published')];
    await app.sql.query(`UPDATE monitoring_reports SET status = 'APPROVED' WHERE id = $1`, [approved.id]);
    await transactions.run((tx) => repository.markPublished(tx, published.id));

    const after = await demoRow();
    expect(after.total).toBe(before.total);
    expect(after.row).toEqual({
      id: world.procurementId,
      reference: DEMO_PROCUREMENT_REFERENCE,
      title: before.row.title,
      drafts: before.row.drafts + 1,
      approved: before.row.approved + 1,
      published: before.row.published + 1,
    });
    expect(await repository.reportingPage(transactions.reader, bidder, { limit: 50, offset: 0 })).toEqual([[], 0]);

    const [newest, total] = await repository.pageOfProcurement(transactions.reader, world.procurementId, { limit: 2, offset: 0 });
    expect(newest.map((r) => r.title)).toEqual(['published', 'approved']);
    expect(total).toBe(reportsBefore + 3);
  });
});
