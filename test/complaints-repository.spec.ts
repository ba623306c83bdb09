import type { EntityManager } from 'typeorm';
import { AuthService } from '../src/auth/auth.service.js';
import { defineAbilityFor } from '../src/authorization/ability.factory.js';
import { ComplaintEventKind } from '../src/complaints/complaint-event.entity.js';
import { ComplaintStatus } from '../src/complaints/complaint.entity.js';
import { ComplaintsRepository } from '../src/complaints/complaints.repository.js';
import { RecordsRepository } from '../src/complaints/records/records.repository.js';
import { DeadlineKind } from '../src/complaints/referral/complaint-reminder.entity.js';
import { ReferralRepository } from '../src/complaints/referral/referral.repository.js';
import { TransactionService } from '../src/database/transaction.service.js';
import { canonical, lodge } from './support/complaints.js';
import { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const HOUR = 3_600_000;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The hand-written queries of the complaints' repositories, run against the demo world and three complaints. */
describe('complaints repositories', () => {
  let app: TestApp;
  let world: DemoWorld;
  let reader: EntityManager;
  let transactions: TransactionService;
  let complaints: ComplaintsRepository;
  let referral: ReferralRepository;
  let records: RecordsRepository;
  /** Health in Loima (referred to the health partners), education in Wajir East (waiting), water (the water users). */
  let health: Awaited<ReturnType<typeof lodge>>;
  let education: Awaited<ReturnType<typeof lodge>>;
  let water: Awaited<ReturnType<typeof lodge>>;
  const organisations: Record<string, string> = {};
  const areaId = async (code: string) => (await app.sql.query('SELECT id FROM areas WHERE code = $1', [code])).rows[0].id as string;
  const abilityOf = async (token: string) => defineAbilityFor(await app.running.app.get(AuthService).userForToken(token));

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    transactions = app.running.app.get(TransactionService);
    reader = transactions.reader;
    complaints = app.running.app.get(ComplaintsRepository);
    referral = app.running.app.get(ReferralRepository);
    records = app.running.app.get(RecordsRepository);
    for (const { id, name } of (await app.sql.query('SELECT id, name FROM organisations')).rows) organisations[name] = id;
    health = await lodge(app, { phone: '+254711000001' });
    education = await lodge(app, { sectorCode: 'EDUCATION', typeCode: 'CORRUPTION', areaCode: 'WAJIR_EAST', email: 'parent@example.org' });
    water = await lodge(app, { sectorCode: 'WATER', areaCode: 'TARBAJ' });
  });
  afterAll(() => app?.close());

  describe('ComplaintsRepository', () => {
    it('lists counties before sub-counties, each by name', async () => {
      const areas = await complaints.allAreas(reader);
      expect(areas.slice(0, 3).map((area) => [area.name, area.parentId])).toEqual([
        ['Turkana', null],
        ['Wajir', null],
        ['West Pokot', null],
      ]);
      expect(areas.slice(3).every((area) => area.parentId !== null)).toBe(true);
    });

    it('finds the ids behind codes and a procurement reference, null for a code nothing has', async () => {
      expect(
        await complaints.idsOfCodes(reader, {
          sectorCode: 'HEALTH',
          typeCode: 'SERVICE_DELIVERY',
          areaCode: 'LOIMA',
          procurementReference: DEMO_PROCUREMENT_REFERENCE,
        }),
      ).toEqual({
        sectorId: expect.any(String),
        typeId: expect.any(String),
        areaId: await areaId('LOIMA'),
        procurementId: world.procurementId,
      });
      expect(await complaints.idsOfCodes(reader, { sectorCode: 'NO_SUCH', typeCode: null, areaCode: 'LOIMA' })).toEqual({
        sectorId: null,
        typeId: null,
        areaId: await areaId('LOIMA'),
        procurementId: null,
      });
    });

    it("shows the complainant the complaint's classification, organisation and their own steps only", async () => {
      await transactions.run(async (tx) => {
        const complaint = (await complaints.lockForUpdate(tx, health.id))!;
        await complaints.addHistoryStep(tx, complaint, ComplaintEventKind.CLASSIFIED, { at: new Date() });
      });
      const row = await complaints.statusRow(reader, health.id);
      expect(row.sector).toMatchObject({ code: 'HEALTH' });
      expect(row.type).toMatchObject({ code: 'SERVICE_DELIVERY' });
      expect(row.area).toMatchObject({ code: 'LOIMA', parent_id: await areaId('TURKANA') });
      expect(row.organisationName).toBe('Turkana Community Health Partners');
      expect(row.mergedInto).toBeNull();
      // CLASSIFIED is the staff's: left out.
      expect(row.history.map((step) => [step.kind, step.status])).toEqual([
        ['LODGED', ComplaintStatus.RECEIVED],
        ['REFERRED', ComplaintStatus.REFERRED],
      ]);
      expect((await complaints.statusRow(reader, education.id)).organisationName).toBeNull();
    });

    it("filters a queue by the viewer's rules and by each part of the filter", async () => {
      const page = { limit: 50, offset: 0 };
      const ids = async (token: string, filter = {}) => (await complaints.queue(reader, await abilityOf(token), { ...filter, ...page }))[0].map((c) => c.id);
      // The health partners see their own complaint, not the water users' nor the one waiting.
      expect(await ids(world.tokens.partner)).toEqual([health.id]);
      expect(await ids(world.tokens.waterPartner)).toEqual([water.id]);
      // The convener sees all, newest first; the filters narrow it.
      expect(await ids(world.tokens.convener)).toEqual([water.id, education.id, health.id]);
      expect(await ids(world.tokens.convener, { awaitingReferral: true })).toEqual([education.id]);
      expect(await ids(world.tokens.convener, { organisationId: organisations['Wajir Water Users Association'] })).toEqual([water.id]);
      expect(await ids(world.tokens.convener, { statuses: [ComplaintStatus.RECEIVED] })).toEqual([education.id]);
      expect(await ids(world.tokens.convener, { trackingNumber: canonical(health.trackingNumber) })).toEqual([health.id]);
      expect(await ids(world.tokens.convener, { procurementId: world.procurementId })).toEqual([]);
      const [, total] = await complaints.queue(reader, await abilityOf(world.tokens.convener), { limit: 1, offset: 0 });
      expect(total).toBe(3);
      // A bidder may read no complaint.
      expect(await ids(world.tokens.bidders[0])).toEqual([]);
    });

    it("finds an organisation's focal persons, or every member when it named none", async () => {
      // The convener is a member of the health partners, but not its focal person.
      expect(await complaints.focalEmails(reader, organisations['Turkana Community Health Partners'])).toEqual([DEMO_ACCOUNTS.partner]);
      expect(await complaints.focalEmails(reader, world.implementerId)).toEqual([DEMO_ACCOUNTS.implementer]);
      expect(await complaints.convenerEmails(reader)).toEqual([DEMO_ACCOUNTS.convener]);
    });

    it('finds the monitor and implementers of a procurement, and every implementer without one', async () => {
      expect(await complaints.procurementMonitor(reader, world.procurementId)).toEqual({ reference: DEMO_PROCUREMENT_REFERENCE, monitorId: world.monitorId });
      expect(await complaints.procurementMonitor(reader, UNKNOWN_ID)).toBeNull();
      expect(await complaints.implementers(reader, world.procurementId)).toEqual([world.implementerId]);
      expect(await complaints.implementers(reader, null)).toEqual([world.implementerId]);
    });

    it('knows organisations by id', async () => {
      expect(await complaints.organisationExists(reader, world.monitorId)).toBe(true);
      expect(await complaints.organisationExists(reader, UNKNOWN_ID)).toBe(false);
      expect(await complaints.organisationNames(reader, [world.implementerId, UNKNOWN_ID])).toEqual(
        new Map([[world.implementerId, 'Lake Region Integrity Network']]),
      );
    });
  });

  describe('ReferralRepository', () => {
    it('finds the county of each area', async () => {
      const [loima, turkana] = [await areaId('LOIMA'), await areaId('TURKANA')];
      expect(await referral.countiesOf(reader, [loima, turkana, UNKNOWN_ID])).toEqual(
        new Map([
          [loima, turkana],
          [turkana, null],
        ]),
      );
    });

    it('finds lapsed deadlines once per level and organisation, and claims each reminder once', async () => {
      const referredAt = (await app.sql.query('SELECT referred_at FROM complaints WHERE id = $1', [health.id])).rows[0].referred_at as Date;
      const after = (hours: number) => new Date(referredAt.getTime() + hours * HOUR);
      const lapsed = (level: number, hours: number) => referral.lapsed(reader, DeadlineKind.ACKNOWLEDGE, level, [ComplaintStatus.REFERRED], after(hours));
      // 72 hours to acknowledge: not before; the complaint waiting for referral never.
      expect(await lapsed(1, 71)).toEqual([]);
      expect((await lapsed(1, 73)).sort()).toEqual([health.id, water.id].sort());
      expect(await referral.lapsed(reader, DeadlineKind.ACKNOWLEDGE, 1, [ComplaintStatus.ACKNOWLEDGED], after(73))).toEqual([]);
      // The second lapse: as long again after the deadline.
      expect(await lapsed(2, 143)).toEqual([]);
      expect(await lapsed(2, 145)).toContain(health.id);

      const claim = {
        complaintId: health.id,
        organisationId: organisations['Turkana Community Health Partners'],
        deadline: DeadlineKind.ACKNOWLEDGE,
        level: 1,
        sentAt: after(73),
      };
      expect(await transactions.run((tx) => referral.claimReminder(tx, claim))).toBe(true);
      expect(await transactions.run((tx) => referral.claimReminder(tx, claim))).toBe(false);
      expect(await lapsed(1, 73)).toEqual([water.id]);
    });
  });

  describe('RecordsRepository', () => {
    it("reads a procurement's parties, references and tracking numbers by id, leaving out unknown ids", async () => {
      expect(await records.procurementParties(reader, world.procurementId)).toEqual({ monitorId: world.monitorId, implementerId: world.implementerId });
      expect(await records.procurementParties(reader, UNKNOWN_ID)).toBeNull();
      expect(await records.procurementReferences(reader, [world.procurementId, UNKNOWN_ID])).toEqual(
        new Map([[world.procurementId, DEMO_PROCUREMENT_REFERENCE]]),
      );
      expect(await records.trackingNumbers(reader, [health.id, UNKNOWN_ID])).toEqual(new Map([[health.id, canonical(health.trackingNumber)]]));
    });
  });
});
