import { AuthService } from '../src/auth/auth.service.js';
import { defineAbilityFor, type AppAbility } from '../src/authorization/ability.factory.js';
import { OrganisationKind } from '../src/authorization/roles.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { OcdsRepository } from '../src/ocds/ocds.repository.js';
import { Bid } from '../src/tendering/bid.entity.js';
import { PUBLISH, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const THE_PUBLIC = defineAbilityFor(null);

/** Pins the hand-written queries of OcdsRepository against the seeded demo procurement. */
describe('OcdsRepository', () => {
  let app: TestApp;
  let world: DemoWorld;
  let repository: OcdsRepository;
  let transactions: TransactionService;
  let monitor: AppAbility;
  let monitorUser: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    repository = app.running.app.get(OcdsRepository);
    transactions = app.running.app.get(TransactionService);
    monitorUser = (await app.sql.query(`SELECT id FROM users WHERE email = 'monitor@pactwatch.demo'`)).rows[0].id;
    monitor = defineAbilityFor(await app.running.app.get(AuthService).loadUser(monitorUser));
  });
  afterAll(() => app?.close());

  it('matches an organisation by name whatever its case, only among its kind and, when asked, only among those without an identifier', async () => {
    const found = await repository.organisationByName(transactions.reader, OrganisationKind.BIDDER, 'LODWAR medical supplies ltd', false);
    expect(found?.id).toBe(world.bidderIds[0]);
    expect(await repository.organisationByName(transactions.reader, OrganisationKind.CONTRACTING_AUTHORITY, 'Lodwar Medical Supplies Ltd', false)).toBeNull();
    expect((await repository.organisationByName(transactions.reader, OrganisationKind.BIDDER, 'Lodwar Medical Supplies Ltd', true))?.id).toBe(
      world.bidderIds[0],
    );
    await app.sql.query(`UPDATE organisations SET identifier = 'KE-BRS-PVT-1' WHERE id = $1`, [world.bidderIds[0]]);
    expect(await repository.organisationByName(transactions.reader, OrganisationKind.BIDDER, 'Lodwar Medical Supplies Ltd', true)).toBeNull();
  });

  it('reads tendering rows and findings as far as the reader may', async () => {
    await app.sql.query(`INSERT INTO bids (procurement_id, bidder_id, amount, received_at) VALUES ($1, $2, 10, now())`, [
      world.procurementId,
      world.bidderIds[1],
    ]);
    const insertFinding = (title: string, visibility: string) =>
      app.sql.query(
        `INSERT INTO findings (procurement_id, stage, kind, severity, title, description, visibility, monitor_id, created_by)
         VALUES ($1, 'PLANNING', 'OBSERVATION', 'LOW', $2, 'd', $3, $4, $5)`,
        [world.procurementId, title, visibility, world.monitorId, monitorUser],
      );
    await insertFinding('kept', 'CONFIDENTIAL');
    await insertFinding('shown', 'PUBLIC');

    const bids = await repository.readableTendering(transactions.reader, Bid, [world.procurementId], monitor, 'Bid', 'bidder_id');
    expect(bids.map((b) => b.bidderId)).toEqual([world.bidderIds[1]]);
    expect(await repository.readableTendering(transactions.reader, Bid, [world.procurementId], THE_PUBLIC, 'Bid', 'bidder_id')).toEqual([]);
    expect((await repository.readableFindings(transactions.reader, [world.procurementId], monitor)).map((f) => f.title)).toEqual(['kept', 'shown']);
    // Nothing is public until the pact is.
    expect(await repository.readableFindings(transactions.reader, [world.procurementId], THE_PUBLIC)).toEqual([]);
    expect(await repository.readableProcurementIds(transactions.reader, THE_PUBLIC)).toEqual([]);

    await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    expect(await repository.readableProcurementIds(transactions.reader, THE_PUBLIC)).toEqual([world.procurementId]);
    expect((await repository.readableFindings(transactions.reader, [world.procurementId], THE_PUBLIC)).map((f) => f.title)).toEqual(['shown']);
    const data = await repository.releaseData(transactions.reader, [world.procurementId], { tendering: THE_PUBLIC, findings: THE_PUBLIC });
    expect(data.bids.get(world.procurementId)).toBeUndefined();
    expect(data.pactVersions.get(world.procurementId)?.map((v) => v.number)).toEqual([1]);
    expect(data.bidders.get(world.procurementId)).toHaveLength(3);
  });
});
