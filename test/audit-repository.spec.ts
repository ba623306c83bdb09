import { AuditRepository } from '../src/audit/audit.repository.js';
import { AuditService } from '../src/audit/audit.service.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { DEMO_PROCUREMENT_REFERENCE } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written queries of AuditRepository against the audit trail the demo seed wrote. */
describe('AuditRepository', () => {
  let app: TestApp;
  let repository: AuditRepository;
  let transactions: TransactionService;
  let procurementId: string;

  beforeAll(async () => {
    app = await startTestApp();
    repository = app.running.app.get(AuditRepository);
    transactions = app.running.app.get(TransactionService);
    procurementId = (await app.sql.query(`SELECT id FROM procurements WHERE reference = $1`, [DEMO_PROCUREMENT_REFERENCE])).rows[0].id;
  });
  afterAll(() => app?.close());

  it('counts the chain and reads it in batches from a sequence number', async () => {
    const { rows } = await app.sql.query(`SELECT count(*)::int AS n, max(seq)::text AS last FROM audit_entries`);
    expect(await repository.count(transactions.reader)).toBe(rows[0].n);
    const batch = await repository.batchFrom(transactions.reader, 2n, 3);
    expect(batch.map((e) => e.seq)).toEqual(['2', '3', '4']);
    expect(await repository.batchFrom(transactions.reader, BigInt(rows[0].last) + 1n, 3)).toEqual([]);
  });

  it('reads the last entry under the chain lock, inside a transaction', async () => {
    const { rows } = await app.sql.query(`SELECT seq::text AS seq, hash FROM audit_entries ORDER BY audit_entries.seq DESC LIMIT 1`);
    expect(await transactions.run((tx) => repository.lockChainAndReadLast(tx))).toEqual({ seq: rows[0].seq, hash: rows[0].hash });
  });

  it('pages the trail of a procurement or a subject, showing only the subject types asked for', async () => {
    const types = await repository.subjectTypesIn(transactions.reader, { procurementId });
    expect(types).toEqual(expect.arrayContaining(['Procurement', 'PactDraft']));
    const { rows } = await app.sql.query(`SELECT seq::text AS seq, subject_type FROM audit_entries WHERE procurement_id = $1 ORDER BY audit_entries.seq`, [
      procurementId,
    ]);
    const [all, total] = await repository.trailPage(transactions.reader, { procurementId }, types, { limit: 100, offset: 0 });
    expect(all.map((e) => e.seq)).toEqual(rows.map((r) => r.seq));
    expect(total).toBe(rows.length);
    const [newest] = await repository.trailPage(transactions.reader, { procurementId }, types, { limit: 2, offset: 0, newestFirst: true });
    expect(newest.map((e) => e.seq)).toEqual(
      rows
        .map((r) => r.seq)
        .reverse()
        .slice(0, 2),
    );
    const [onlyProcurement, procurementTotal] = await repository.trailPage(transactions.reader, { procurementId }, ['Procurement'], { limit: 1, offset: 1 });
    const procurementRows = rows.filter((r) => r.subject_type === 'Procurement');
    expect(procurementTotal).toBe(procurementRows.length);
    expect(onlyProcurement.map((e) => e.seq)).toEqual([procurementRows[1].seq]);

    const subject = { subjectType: 'Procurement', subjectId: procurementId };
    expect(await repository.subjectTypesIn(transactions.reader, subject)).toEqual(['Procurement']);
    const [bySubject] = await repository.trailPage(transactions.reader, subject, ['Procurement'], { limit: 100, offset: 0 });
    expect(bySubject.every((e) => e.subjectType === 'Procurement' && e.subjectId === procurementId)).toBe(true);
    expect(await repository.trailPage(transactions.reader, subject, [], { limit: 100, offset: 0 })).toEqual([[], 0]);
  });

  it('reads the hashes at given positions of the chain in one statement', async () => {
    const { rows } = await app.sql.query(`SELECT seq::text AS seq, hash FROM audit_entries ORDER BY seq LIMIT 2`);
    const hashes = await repository.hashesAt(transactions.reader, [...rows.map((r) => r.seq), '999999999']);
    expect(hashes).toEqual(new Map(rows.map((r) => [r.seq, r.hash])));
    expect(await repository.hashesAt(transactions.reader, [])).toEqual(new Map());
  });

  it('keeps the service refusing to append outside a transaction', async () => {
    await expect(
      app.running.app.get(AuditService).append(transactions.reader, { actorId: null, action: 'x', subjectType: 'X', subjectId: procurementId }),
    ).rejects.toThrow('inside the transaction');
  });
});
