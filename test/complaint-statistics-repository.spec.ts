import { ComplaintStatisticsRepository } from '../src/complaint-statistics/complaint-statistics.repository.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { lodge } from './support/complaints.js';
import { demoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ALL = { from: null, to: null, organisationId: null };

/** The hand-written queries of the complaint statistics, on two complaints: one referred and acknowledged, one waiting. */
describe('ComplaintStatisticsRepository', () => {
  let app: TestApp;
  let repository: ComplaintStatisticsRepository;
  let reader: TransactionService['reader'];
  let partnerId: string;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    app = await startTestApp();
    const world = await demoWorld(app);
    repository = app.running.app.get(ComplaintStatisticsRepository);
    reader = app.running.app.get(TransactionService).reader;
    partnerId = (await app.sql.query(`SELECT id FROM organisations WHERE name = 'Turkana Community Health Partners'`)).rows[0].id;
    const health = await lodge(app, { phone: '+254711000001' });
    await lodge(app, { sectorCode: 'EDUCATION', areaCode: 'WAJIR_EAST' });
    await app.ok(
      `mutation ($input: SetComplaintStatusInput!) { setComplaintStatus(input: $input) { id } }`,
      { input: { complaintId: health.id, status: 'ACKNOWLEDGED' } },
      world.tokens.partner,
    );
  });
  afterAll(() => app?.close());

  it("sums the period's cells by dimension, key and organisation, with the organisation's name", async () => {
    const status = (await repository.cells(reader, ALL)).filter((cell) => cell.dimension === 'status');
    expect(status.sort((a, b) => a.key!.localeCompare(b.key!))).toEqual([
      { dimension: 'status', key: 'ACKNOWLEDGED', organisation_id: partnerId, complaints: 1, organisation_name: 'Turkana Community Health Partners' },
      { dimension: 'status', key: 'RECEIVED', organisation_id: null, complaints: 1, organisation_name: null },
    ]);
    const cells = await repository.cells(reader, ALL);
    expect(cells.filter((cell) => cell.dimension === 'acted_within').map((cell) => cell.complaints)).toEqual([1]);
    // The resolved_on cells are days, not counts; and one organisation's filter leaves out the others.
    expect(cells.some((cell) => cell.dimension === 'resolved_on')).toBe(false);
    expect(new Set((await repository.cells(reader, { ...ALL, organisationId: partnerId })).map((cell) => cell.organisation_id))).toEqual(new Set([partnerId]));
    expect(await repository.cells(reader, { ...ALL, to: '2000-01-01' })).toEqual([]);
    expect(await repository.cells(reader, { ...ALL, from: today, to: today })).toHaveLength(cells.length);
  });

  it('sums the same cells per calendar month, without names', async () => {
    const month = `${today.slice(0, 7)}-01`;
    const byMonth = await repository.cellsByMonth(reader, ALL);
    const withoutNames = (await repository.cells(reader, ALL)).map((cell) => ({ ...cell, organisation_name: null, month }));
    const order = (rows: typeof byMonth) => rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
    expect(order(byMonth)).toEqual(order(withoutNames));
    expect(await repository.cellsByMonth(reader, { ...ALL, to: '2000-01-31' })).toEqual([]);
  });

  it('counts the complaints lodged each day of the period', async () => {
    expect(await repository.days(reader, ALL)).toEqual([{ dimension: 'status', day: today, complaints: 2 }]);
    expect(await repository.days(reader, { ...ALL, organisationId: partnerId })).toEqual([{ dimension: 'status', day: today, complaints: 1 }]);
    expect(await repository.days(reader, { ...ALL, from: '2999-01-01' })).toEqual([]);
  });

  it('lists the classifications and the time edges', async () => {
    const rows = await repository.reference(reader);
    expect(rows.find((row) => row.list === 'sector' && row.code === 'HEALTH')).toMatchObject({ name: 'Health', parent_id: null });
    expect(rows.find((row) => row.list === 'area' && row.code === 'LOIMA')!.parent_id).toBe(
      rows.find((row) => row.list === 'area' && row.code === 'TURKANA')!.id,
    );
    const edges = rows.filter((row) => row.list === 'edges');
    expect(edges).toHaveLength(1);
    expect(edges[0].edges!.length).toBeGreaterThan(1);
  });

  it('walks the ordered times of the complaints each query asks for', async () => {
    const edges = (await repository.reference(reader)).find((row) => row.list === 'edges')!.edges!.map(Number);
    const walk = { bucket: 0, descending: false, offset: 0, limit: 2, weight: 0 };
    const rows = await repository.percentileValues(
      reader,
      [
        { measure: 'toFirstAction', organisation: undefined, walk },
        // Nothing acted on is unreferred, and nothing is resolved.
        { measure: 'toFirstAction', organisation: null, walk },
        { measure: 'toFirstAction', organisation: partnerId, walk },
        { measure: 'toResolution', organisation: undefined, walk },
      ],
      ALL,
      edges,
    );
    expect(rows.map((row) => row.part).sort()).toEqual([0, 2]);
    for (const row of rows) expect(row.seconds).toBeGreaterThanOrEqual(0);
    expect(
      await repository.percentileValues(reader, [{ measure: 'toFirstAction', organisation: undefined, walk }], { ...ALL, to: '2000-01-01' }, edges),
    ).toEqual([]);
  });
});
