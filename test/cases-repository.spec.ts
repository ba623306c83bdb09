import { DataSource, type EntityManager } from 'typeorm';
import { AuthService } from '../src/auth/auth.service.js';
import { defineAbilityFor } from '../src/authorization/ability.factory.js';
import { accessibleSql } from '../src/authorization/accessible-sql.js';
import { CasesRepository, type DeskQueueQuery } from '../src/complaints/cases/cases.repository.js';
import { ComplaintStatus } from '../src/complaints/complaint.entity.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { canonical, lodge } from './support/complaints.js';
import { demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const DESK_SQL = { handlingOrganisationId: 'c.handling_organisation_id', escalatedToId: 'c.escalated_to_id' };

/** The hand-written queries of the partner's queue (CasesRepository), run against the demo world and four complaints. */
describe('CasesRepository: the partner’s queue', () => {
  let app: TestApp;
  let world: DemoWorld;
  let reader: EntityManager;
  let cases: CasesRepository;
  let partnerId: string;
  let waterPartnerId: string;
  let access: DeskQueueQuery['access'];
  const numbers: Record<string, string> = {};

  const query = (extra: Partial<DeskQueueQuery> = {}): DeskQueueQuery => ({ access, organisationIds: [partnerId], limit: 25, offset: 0, ...extra });
  const EVERY = 1000;
  const listed = async (extra: Partial<DeskQueueQuery> = {}) => {
    const [rows, total] = await cases.deskQueue(reader, query(extra), EVERY);
    return { numbers: rows.map((row) => row.trackingNumber), total };
  };

  beforeAll(async () => {
    app = await startTestApp({ complaintsPerHourPerClient: 100 });
    world = await demoWorld(app);
    reader = app.running.app.get(TransactionService).reader;
    cases = app.running.app.get(CasesRepository);
    const ids = async (name: string) => (await app.sql.query('SELECT id FROM organisations WHERE name = $1', [name])).rows[0].id as string;
    [partnerId, waterPartnerId] = [await ids('Turkana Community Health Partners'), await ids('Wajir Water Users Association')];
    access = accessibleSql(defineAbilityFor(await app.running.app.get(AuthService).userForToken(world.tokens.partner)), 'update', 'Complaint', DESK_SQL);
    const health = { sectorCode: 'HEALTH', typeCode: 'SERVICE_DELIVERY' };
    for (const [name, extra] of [
      ['older', { ...health, areaCode: 'LOIMA' }],
      ['newer', { ...health, areaCode: 'TURKANA_CENTRAL' }],
      ['overdue', { ...health, areaCode: 'LOIMA' }],
      ['settled', { ...health, areaCode: 'LOIMA' }],
    ] as const) {
      numbers[name] = canonical((await lodge(app, extra)).trackingNumber);
    }
    await app.sql.query(`UPDATE complaints SET acknowledge_due_at = now() - interval '1 hour' WHERE tracking_number = $1`, [numbers.overdue]);
    await app.sql.query(`UPDATE complaints SET status = 'RESOLVED', resolved_at = now(), first_action_at = now() WHERE tracking_number = $1`, [
      numbers.settled,
    ]);
    // Lodged one after the other: the first two keep their deadlines' order (older first), as the same deadline rule gave them.
  });
  afterAll(() => app?.close());

  it('lists the running deadline first (overdue before the rest), the settled last, and counts them all', async () => {
    const { numbers: order, total } = await listed();
    expect(order).toEqual([numbers.overdue, numbers.older, numbers.newer, numbers.settled]);
    expect(total).toBe(4);
    const [rows] = await cases.deskQueue(reader, query({ limit: 1 }), EVERY);
    expect(rows[0]).toMatchObject({
      status: ComplaintStatus.REFERRED,
      sectorCode: 'HEALTH',
      areaName: 'Loima',
      countyName: 'Turkana',
      dueAt: expect.any(Date),
    });
    expect(await listed({ limit: 2, offset: 2 })).toEqual({ numbers: [numbers.newer, numbers.settled], total: 4 });
  });

  it('stops counting where it is told: a busy queue is counted only so far', async () => {
    const [rows, counted] = await cases.deskQueue(reader, query({ limit: 1 }), 3);
    expect([rows.length, counted]).toEqual([1, 3]);
  });

  it('filters by status, sector and area, a county taking in its sub-counties', async () => {
    expect((await listed({ status: ComplaintStatus.RESOLVED })).numbers).toEqual([numbers.settled]);
    expect((await listed({ sectorCode: 'WATER' })).total).toBe(0);
    expect((await listed({ areaCode: 'TURKANA_CENTRAL' })).numbers).toEqual([numbers.newer]);
    expect((await listed({ areaCode: 'TURKANA' })).total).toBe(4);
    expect((await listed({ areaCode: 'NO_SUCH_AREA' })).total).toBe(0);
  });

  it('keeps to what the rules let the viewer see, and to the organisations asked', async () => {
    expect((await listed({ access: { where: 'FALSE', parameters: {} } })).total).toBe(0);
    expect((await listed({ organisationIds: [waterPartnerId] })).total).toBe(0);
    // Two organisations are said with ANY(…): the same complaints.
    expect((await listed({ organisationIds: [partnerId, waterPartnerId] })).numbers).toEqual((await listed()).numbers);
  });

  it('sums up what waits: the open complaints and those past their deadline', async () => {
    expect(await cases.deskSummary(reader, access, [partnerId], new Date())).toEqual({ open: 3, overdue: 1 });
  });

  it('reads one organisation’s page in the queue index’s order, with no sort (the planner not allowed to scan the table)', async () => {
    const db = app.running.app.get(DataSource);
    const seen: Array<{ sql: string; parameters: unknown[] }> = [];
    const original = db.logger;
    db.logger = Object.assign(Object.create(original), {
      logQuery: (sql: string, parameters?: unknown[]) => void seen.push({ sql, parameters: parameters ?? [] }),
    });
    try {
      await cases.deskQueue(reader, query(), EVERY);
    } finally {
      db.logger = original;
    }
    const page = seen.find((q) => q.sql.includes('ORDER BY'))!;
    const plan = await app.sql.connect().then(async (client) => {
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_seqscan = off');
        const { rows } = await client.query(`EXPLAIN ${page.sql}`, page.parameters);
        return rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });
    expect(plan).toContain('complaints_desk_queue_idx');
    expect(plan).not.toMatch(/\bSort\b/);
  });

  it('lists every complaint for the convener, those waiting for a referral first, then by the running deadline; and sums them up', async () => {
    const waiting = canonical((await lodge(app, { sectorCode: 'HEALTH', typeCode: 'SERVICE_DELIVERY', areaCode: 'WAJIR' })).trackingNumber);
    const convener = accessibleSql(
      defineAbilityFor(await app.running.app.get(AuthService).userForToken(world.tokens.convener)),
      'refer',
      'Complaint',
      DESK_SQL,
    );
    const all = { access: convener, organisationIds: null, awaitingReferralFirst: true, limit: 100 };
    const [rows, total] = await cases.deskQueue(reader, query(all), EVERY);
    const order = rows.map((row) => row.trackingNumber);
    const awaiting = rows.filter((row) => row.status === ComplaintStatus.RECEIVED && !row.organisationName).length;
    expect(order.slice(0, awaiting)).toContain(waiting);
    // Past its deadline, it comes straight after those waiting; the rest keep the partner queue's order.
    expect(order.indexOf(numbers.overdue)).toBe(awaiting);
    const at = [numbers.overdue, numbers.older, numbers.newer, numbers.settled].map((n) => order.indexOf(n));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(rows.find((row) => row.trackingNumber === numbers.overdue)!.organisationName).toBe('Turkana Community Health Partners');
    expect(total).toBe(rows.length);
    const [onlyWaiting, waitingCount] = await cases.deskQueue(reader, query({ ...all, awaitingReferral: true }), EVERY);
    expect(waitingCount).toBe(awaiting);
    expect(onlyWaiting.every((row) => row.status === ComplaintStatus.RECEIVED)).toBe(true);
    expect(await cases.convenerSummary(reader, convener, new Date())).toEqual({ awaitingReferral: awaiting, overdue: 1 });
  });
});
