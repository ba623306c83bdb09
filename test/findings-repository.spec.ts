import { AuthService } from '../src/auth/auth.service.js';
import { defineAbilityFor, type AppAbility } from '../src/authorization/ability.factory.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { FindingKind, FindingSeverity, FindingStatus, FindingVisibility, type Finding } from '../src/findings/finding.entity.js';
import { FindingsRepository } from '../src/findings/findings.repository.js';
import { ProcurementStage } from '../src/procurements/procurement-stage.js';
import { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written queries of FindingsRepository against the seeded demo procurement. */
describe('FindingsRepository', () => {
  let app: TestApp;
  let repository: FindingsRepository;
  let transactions: TransactionService;
  let procurementId: string;
  let monitor: AppAbility;
  const recorded: Finding[] = [];
  const page = (offset: number, limit: number) => ({ offset, limit });

  beforeAll(async () => {
    app = await startTestApp();
    repository = app.running.app.get(FindingsRepository);
    transactions = app.running.app.get(TransactionService);
    const { rows } = await app.sql.query(
      `SELECT p.id, p.monitor_id, (SELECT id FROM users WHERE email = $2) AS monitor_user FROM procurements p WHERE reference = $1`,
      [DEMO_PROCUREMENT_REFERENCE, DEMO_ACCOUNTS.monitor],
    );
    procurementId = rows[0].id;
    monitor = defineAbilityFor(await app.running.app.get(AuthService).loadUser(rows[0].monitor_user));
    // One transaction each, so their created_at (the transaction's now()) differ and order them.
    for (const [title, severity, visibility] of [
      ['oldest', FindingSeverity.LOW, FindingVisibility.CONFIDENTIAL],
      ['middle', FindingSeverity.HIGH, FindingVisibility.PUBLIC],
      ['newest', FindingSeverity.LOW, FindingVisibility.CONFIDENTIAL],
    ] as const) {
      recorded.push(
        await transactions.run((tx) =>
          repository.insert(tx, {
            procurementId,
            stage: ProcurementStage.PLANNING,
            kind: FindingKind.OBSERVATION,
            severity,
            title,
            description: title,
            visibility,
            monitorId: rows[0].monitor_id,
            redFlagId: null,
            status: FindingStatus.OPEN,
            createdBy: rows[0].monitor_user,
          }),
        ),
      );
    }
  });
  afterAll(() => app?.close());

  const titles = (findings: Finding[]) => findings.map((f) => f.title);

  it('cuts each procurement’s page newest first and counts every match', async () => {
    const first = await repository.visiblePages(transactions.reader, monitor, [procurementId], {}, page(0, 2));
    expect(titles(first.items)).toEqual(['newest', 'middle']);
    expect(first.totals.get(procurementId)).toBe(3);
    const second = await repository.visiblePages(transactions.reader, monitor, [procurementId], {}, page(2, 2));
    expect(titles(second.items)).toEqual(['oldest']);
  });

  it('leaves out findings that do not match the filter', async () => {
    const high = await repository.visiblePages(transactions.reader, monitor, [procurementId], { severity: FindingSeverity.HIGH }, page(0, 10));
    expect(titles(high.items)).toEqual(['middle']);
    expect(high.totals.get(procurementId)).toBe(1);
    const confidentialLow = await repository.visiblePages(
      transactions.reader,
      monitor,
      [procurementId],
      { severity: FindingSeverity.LOW, visibility: FindingVisibility.CONFIDENTIAL },
      page(0, 10),
    );
    expect(titles(confidentialLow.items)).toEqual(['newest', 'oldest']);
  });

  it('leaves out what the viewer may not read and procurements not asked for', async () => {
    // The demo pact is still a draft, so even the public finding is not public yet.
    const anonymous = await repository.visiblePages(transactions.reader, defineAbilityFor(null), [procurementId], {}, page(0, 10));
    expect(anonymous.items).toEqual([]);
    expect(anonymous.totals.size).toBe(0);
    const elsewhere = await repository.visiblePages(transactions.reader, monitor, ['00000000-0000-4000-8000-000000000000'], {}, page(0, 10));
    expect(elsewhere.items).toEqual([]);
  });

  it('selects evidence content only when downloading', async () => {
    const finding = recorded[0];
    const content = Buffer.from('%PDF-1.4 evidence');
    const added = await transactions.run((tx) =>
      repository.addEvidence(tx, {
        findingId: finding.id,
        fileName: 'e.pdf',
        contentType: 'application/pdf',
        sizeBytes: content.length,
        sha256: 'x'.repeat(64),
        content,
        uploadedBy: finding.createdBy,
      }),
    );
    const [listed] = await repository.evidenceOf(transactions.reader, [finding.id]);
    expect(listed.id).toBe(added.id);
    expect(listed.content).toBeUndefined();
    const downloaded = await repository.evidenceWithContent(transactions.reader, added.id);
    expect(downloaded.content.equals(content)).toBe(true);
    expect(await repository.evidenceOf(transactions.reader, [recorded[1].id])).toEqual([]);
  });
});
