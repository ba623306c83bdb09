import { AuthService } from '../src/auth/auth.service.js';
import { defineAbilityFor, type AppAbility } from '../src/authorization/ability.factory.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { RedFlagStatus } from '../src/red-flags/red-flag.entity.js';
import { RedFlagsRepository, type ComputedFlag } from '../src/red-flags/red-flags.repository.js';
import { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Pins the hand-written queries of RedFlagsRepository against the seeded demo procurement. */
describe('RedFlagsRepository', () => {
  let app: TestApp;
  let repository: RedFlagsRepository;
  let transactions: TransactionService;
  let procurementId: string;
  let monitor: AppAbility;
  const bidder: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    repository = app.running.app.get(RedFlagsRepository);
    transactions = app.running.app.get(TransactionService);
    const { rows } = await app.sql.query(`SELECT p.id, (SELECT id FROM users WHERE email = $2) AS monitor_user FROM procurements p WHERE reference = $1`, [
      DEMO_PROCUREMENT_REFERENCE,
      DEMO_ACCOUNTS.monitor,
    ]);
    procurementId = rows[0].id;
    monitor = defineAbilityFor(await app.running.app.get(AuthService).loadUser(rows[0].monitor_user));
    const bidders = await app.sql.query(
      `SELECT o.id, o.name FROM organisations o JOIN procurement_bidders b ON b.bidder_id = o.id WHERE b.procurement_id = $1`,
      [procurementId],
    );
    for (const row of bidders.rows) bidder[row.name] = row.id;
  });
  afterAll(() => app?.close());

  it('reads the facts of a procurement with nothing recorded yet', async () => {
    const facts = await repository.factsOf(transactions.reader, procurementId, new Date());
    // The invited bidders only, by name: the authority, monitor and implementer are not in the tender.
    expect(facts.organisations.map((o) => o.name)).toEqual(['Kakuma Health Logistics', 'Lodwar Medical Supplies Ltd', 'Rift Valley Pharma Distributors']);
    expect(facts.procurement).toMatchObject({ estimatedValue: '48500000.00', currency: 'KES', procurementMethod: null });
    expect(facts).toMatchObject({ bids: [], awards: [], contracts: [], awardsByAuthorityTo: {}, pact: null, complaintCount: 0 });
  });

  it('reads bids, awards, contracts and their amendments in order', async () => {
    const lodwar = bidder['Lodwar Medical Supplies Ltd'];
    await app.sql.query(`INSERT INTO bids (procurement_id, bidder_id, amount, currency, received_at) VALUES ($1, $2, 100, 'KES', '2027-02-01T08:00:00Z')`, [
      procurementId,
      lodwar,
    ]);
    const award = await app.sql.query(
      `INSERT INTO awards (procurement_id, supplier_id, amount, currency, awarded_at) VALUES ($1, $2, 100, 'KES', '2027-03-01T10:00:00Z') RETURNING id`,
      [procurementId, lodwar],
    );
    const contract = await app.sql.query(
      `INSERT INTO contracts (procurement_id, award_id, value, currency, signed_at) VALUES ($1, $2, 100, 'KES', '2027-03-10T10:00:00Z') RETURNING id`,
      [procurementId, award.rows[0].id],
    );
    await app.sql.query(
      `INSERT INTO contract_amendments (contract_id, amended_at, new_value) VALUES ($1, '2027-05-01T00:00:00Z', 130), ($1, '2027-04-01T00:00:00Z', 120)`,
      [contract.rows[0].id],
    );

    const facts = await repository.factsOf(transactions.reader, procurementId, new Date());
    expect(facts.bids).toMatchObject([{ bidderId: lodwar, amount: '100.00', disqualified: false }]);
    expect(facts.awards).toMatchObject([{ id: award.rows[0].id, supplierId: lodwar, amount: '100.00', currency: 'KES' }]);
    expect(facts.awardsByAuthorityTo).toEqual({ [lodwar]: 1 });
    expect(facts.contracts).toHaveLength(1);
    expect(facts.contracts[0]).toMatchObject({ awardId: award.rows[0].id, value: '100.00' });
    expect(facts.contracts[0].amendments.map((m) => [m.amendedAt.toISOString(), m.newValue])).toEqual([
      ['2027-04-01T00:00:00.000Z', '120.00'],
      ['2027-05-01T00:00:00.000Z', '130.00'],
    ]);
    await expect(repository.factsOf(transactions.reader, '00000000-0000-4000-8000-000000000000', new Date())).rejects.toThrow('does not exist');
  });

  it('writes flags once per code and shows them only to those who may read them', async () => {
    const flag = (code: string, triggered: boolean): ComputedFlag => ({
      procurementId,
      code,
      triggered,
      evidence: { test: triggered },
      threshold: null,
      computedAt: new Date(),
      status: RedFlagStatus.OPEN,
      decidedBy: null,
      decidedAt: null,
      dismissalReason: null,
      findingId: null,
    });
    await transactions.run(async (tx) => {
      await repository.lockRecomputation(tx, procurementId);
      await repository.writeFlags(tx, [flag('R001', true), flag('R002', false)]);
    });
    await transactions.run((tx) => repository.writeFlags(tx, [flag('R001', false)]));

    const visible = await repository.visibleFlagsOf(transactions.reader, monitor, [procurementId]);
    const written = visible.filter((f) => f.code === 'R001' || f.code === 'R002');
    expect(written.map((f) => [f.code, f.triggered, f.evidence])).toEqual([
      ['R001', false, { test: false }],
      ['R002', false, { test: false }],
    ]);
    expect(visible.map((f) => f.code)).toEqual([...visible.map((f) => f.code)].sort());
    expect(await repository.visibleFlagsOf(transactions.reader, defineAbilityFor(null), [procurementId])).toEqual([]);
  });

  it('lists procurements not yet closed', async () => {
    expect(await repository.openProcurementIds(transactions.reader)).toEqual([procurementId]);
    await app.sql.query(`UPDATE procurements SET stage = 'CLOSURE' WHERE id = $1`, [procurementId]);
    expect(await repository.openProcurementIds(transactions.reader)).toEqual([]);
  });
});
