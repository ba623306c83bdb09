import { COMPLAINT_FIELDS, complaintInput, lodge, messagesAbout, LODGE } from './support/complaints.js';
import { demoWorld, DEMO_PROCUREMENT_REFERENCE, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const QUEUE = `query ($filter: ComplaintQueueFilter) { complaints(filter: $filter) { totalCount items { id trackingNumber status } } }`;
const COMPLAINT = `query ($id: ID!) { complaint(id: $id) { ${COMPLAINT_FIELDS} } }`;
const CONTACT = `query ($id: ID!) { complaint(id: $id) { contact { name phone email } } }`;
const NOTES = `query ($id: ID!) { complaint(id: $id) { notes { body authorId } } }`;
const HISTORY = `query ($id: ID!) { complaint(id: $id) { history { kind status organisationId reason } additions { body channel } } }`;
const SET_STATUS = `mutation ($input: SetComplaintStatusInput!) { setComplaintStatus(input: $input) { id status firstActionAt resolvedAt closedAt rejectionReason } }`;
const REFER = `mutation ($input: ReferComplaintInput!) { referComplaint(input: $input) { id status handlingOrganisation { name } acknowledgeDueAt } }`;
const NOTE = `mutation ($input: AddComplaintNoteInput!) { addComplaintNote(input: $input) { id body } }`;
const MERGE = `mutation ($duplicateId: ID!, $into: ID!) { mergeComplaints(duplicateId: $duplicateId, intoComplaintId: $into) { id status mergedInto closedAt } }`;
const RATE = `mutation ($input: RateComplaintInput!) { rateComplaint(input: $input) { status rating } }`;
const TRACK = `query ($n: String!, $secret: String) { trackComplaint(trackingNumber: $n, secret: $secret) { status handledBy rejectionReason mergedInto rating history { kind status } } }`;
const WALK_IN = `mutation ($input: WalkInComplaintInput!) { recordWalkInComplaint(input: $input) { trackingNumber secret status } }`;

const PHONE = '+254712000111';

/** The whole referral flow, driven as the complainant, the partners, the convener and the monitor would. */
describe('complaint referral', () => {
  let app: TestApp;
  let world: DemoWorld;
  let healthPartnerId: string;
  let waterPartnerId: string;

  beforeAll(async () => {
    app = await startTestApp({ complaintsPerHourPerClient: 1000, proofFailuresPerHourPerClient: 1000 });
    world = await demoWorld(app);
    const { rows } = await app.sql.query(`SELECT id, name FROM organisations WHERE kind = 'REFERRAL_PARTNER' ORDER BY name`);
    healthPartnerId = rows.find((r: { name: string }) => r.name.startsWith('Turkana')).id;
    waterPartnerId = rows.find((r: { name: string }) => r.name.startsWith('Wajir')).id;
  });
  afterAll(() => app?.close());

  describe('routing at intake', () => {
    it('refers a complaint by the most specific rule, tells the complainant and the organisation’s focal persons', async () => {
      const lodged = await lodge(app, { name: 'Akinyi Ekai', phone: PHONE });
      expect(lodged.status).toBe('REFERRED');
      const { complaint } = await app.ok(COMPLAINT, { id: lodged.id }, world.tokens.partner);
      expect(complaint).toMatchObject({ status: 'REFERRED', contactBy: 'SMS', handlingOrganisation: { id: healthPartnerId }, firstActionAt: null });
      // The default deadlines: 72 hours to acknowledge, 21 days to resolve, from the referral.
      const referred = Date.parse(complaint.referredAt);
      expect(Date.parse(complaint.acknowledgeDueAt) - referred).toBe(72 * 3600_000);
      expect(Date.parse(complaint.resolveDueAt) - referred).toBe(504 * 3600_000);

      const messages = await messagesAbout(app, lodged.id);
      // Queued in one transaction, so in no particular order.
      expect(messages.map((m) => [m.template, m.channel]).sort()).toEqual([
        ['complaint-assigned', 'EMAIL'],
        ['complaint-received', 'SMS'],
      ]);
      expect(messages.find((m) => m.template === 'complaint-received')!.body).toContain(lodged.trackingNumber);
    });

    it('leaves a complaint no rule matches with the convener, who refers it by hand with a reason', async () => {
      const lodged = await lodge(app, { sectorCode: 'EDUCATION', areaCode: 'WAJIR_EAST', email: 'parent@example.org' });
      expect(lodged.status).toBe('RECEIVED');
      const waiting = await app.ok(QUEUE, { filter: { awaitingReferral: true } }, world.tokens.convener);
      expect(waiting.complaints.items.map((c: { id: string }) => c.id)).toContain(lodged.id);
      const partnerQueue = await app.ok(QUEUE, {}, world.tokens.partner);
      expect(partnerQueue.complaints.items.map((c: { id: string }) => c.id)).not.toContain(lodged.id);

      const noReason = await app.fails(REFER, { input: { complaintId: lodged.id, organisationId: waterPartnerId, reason: '' } }, world.tokens.convener);
      expect(noReason.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
      const byPartner = await app.fails(REFER, { input: { complaintId: lodged.id, organisationId: waterPartnerId, reason: 'ours' } }, world.tokens.partner);
      expect(byPartner.extensions.code).toBe('FORBIDDEN');

      const { referComplaint } = await app.ok(
        REFER,
        { input: { complaintId: lodged.id, organisationId: waterPartnerId, reason: 'School borehole: water users association' } },
        world.tokens.convener,
      );
      expect(referComplaint).toMatchObject({ status: 'REFERRED', handlingOrganisation: { name: 'Wajir Water Users Association' } });
      const messages = await messagesAbout(app, lodged.id);
      expect(messages.map((m) => m.template).sort()).toEqual(['complaint-assigned', 'complaint-received', 'complaint-referred']);
      const { complaint } = await app.ok(HISTORY, { id: lodged.id }, world.tokens.waterPartner);
      expect(complaint.history).toEqual([
        { kind: 'LODGED', status: 'RECEIVED', organisationId: null, reason: null },
        { kind: 'REFERRED', status: 'REFERRED', organisationId: waterPartnerId, reason: 'School borehole: water users association' },
      ]);
      expect(messages.every((m) => m.channel === 'EMAIL')).toBe(true);
    });
  });

  describe('who sees what', () => {
    let complaintId: string;

    beforeAll(async () => {
      ({ id: complaintId } = await lodge(app, { name: 'Lokol Ewoi', phone: '+254722000222', email: 'lokol@example.org' }));
    });

    it('shows each organisation only its own queue', async () => {
      const partner = await app.ok(QUEUE, {}, world.tokens.partner);
      expect(partner.complaints.items.map((c: { id: string }) => c.id)).toContain(complaintId);
      const water = await app.ok(QUEUE, {}, world.tokens.waterPartner);
      expect(water.complaints.items.map((c: { id: string }) => c.id)).not.toContain(complaintId);
      expect((await app.fails(COMPLAINT, { id: complaintId }, world.tokens.waterPartner)).extensions.code).toBe('FORBIDDEN');
      for (const token of [world.tokens.authority, world.tokens.bidders[0], world.tokens.monitor]) {
        expect((await app.ok(QUEUE, {}, token)).complaints.items.map((c: { id: string }) => c.id)).not.toContain(complaintId);
      }
      expect((await app.gql(QUEUE)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('lets only the handling organisation and the convener read who complained', async () => {
      const expected = { name: 'Lokol Ewoi', phone: '+254722000222', email: 'lokol@example.org' };
      expect((await app.ok(CONTACT, { id: complaintId }, world.tokens.partner)).complaint.contact).toEqual(expected);
      expect((await app.ok(CONTACT, { id: complaintId }, world.tokens.convener)).complaint.contact).toEqual(expected);
      expect((await app.fails(CONTACT, { id: complaintId }, world.tokens.waterPartner)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(CONTACT, { id: complaintId }, world.tokens.implementer)).extensions.code).toBe('FORBIDDEN');
    });

    it('keeps internal notes from the complainant and from other organisations', async () => {
      const { addComplaintNote } = await app.ok(
        NOTE,
        { input: { complaintId, body: 'Called the dispensary in-charge; stock-out confirmed.' } },
        world.tokens.partner,
      );
      expect(addComplaintNote.body).toContain('stock-out');
      expect((await app.ok(NOTES, { id: complaintId }, world.tokens.convener)).complaint.notes).toHaveLength(1);
      expect((await app.fails(NOTE, { input: { complaintId, body: 'x' } }, world.tokens.waterPartner)).extensions.code).toBe('FORBIDDEN');
      const { rows } = await app.sql.query(`SELECT a.data FROM audit_entries a WHERE a.action = 'complaint.note_added' AND a.subject_id = $1`, [complaintId]);
      expect(JSON.stringify(rows)).not.toContain('stock-out');
      const { rows: tracking } = await app.sql.query('SELECT tracking_number FROM complaints WHERE id = $1', [complaintId]);
      const track = await app.ok(TRACK, { n: tracking[0].tracking_number });
      expect(JSON.stringify(track)).not.toContain('stock-out');
    });
  });

  describe('status flow', () => {
    let lodged: Awaited<ReturnType<typeof lodge>>;

    beforeAll(async () => {
      lodged = await lodge(app, { phone: PHONE, language: 'sw' });
    });

    it('moves received → referred → acknowledged → in progress → resolved, telling the complainant each time in their language', async () => {
      const ack = await app.ok(SET_STATUS, { input: { complaintId: lodged.id, status: 'ACKNOWLEDGED' } }, world.tokens.partner);
      expect(ack.setComplaintStatus).toMatchObject({ status: 'ACKNOWLEDGED', firstActionAt: expect.any(String), resolvedAt: null });
      await app.ok(SET_STATUS, { input: { complaintId: lodged.id, status: 'IN_PROGRESS', reason: 'Stock ordered from KEMSA' } }, world.tokens.partner);
      const resolved = await app.ok(SET_STATUS, { input: { complaintId: lodged.id, status: 'RESOLVED' } }, world.tokens.partner);
      expect(resolved.setComplaintStatus.firstActionAt).toBe(ack.setComplaintStatus.firstActionAt);
      expect(resolved.setComplaintStatus.resolvedAt).toEqual(expect.any(String));

      const illegal = await app.fails(SET_STATUS, { input: { complaintId: lodged.id, status: 'IN_PROGRESS' } }, world.tokens.partner);
      expect(illegal.extensions).toMatchObject({ code: 'CONFLICT', reason: 'COMPLAINT_STATUS_CHANGE_REFUSED', allowed: ['CLOSED'] });
      const elsewhere = await app.fails(SET_STATUS, { input: { complaintId: lodged.id, status: 'CLOSED' } }, world.tokens.waterPartner);
      expect(elsewhere.extensions.code).toBe('FORBIDDEN');

      const messages = await messagesAbout(app, lodged.id);
      const toComplainant = messages.filter((m) => m.channel === 'SMS');
      expect(toComplainant.map((m) => m.template)).toEqual([
        'complaint-received',
        'complaint-status-changed',
        'complaint-status-changed',
        'complaint-status-changed',
      ]);
      expect(toComplainant.every((m) => m.language === 'sw')).toBe(true);
      // A reason given while in progress is for staff, not the complainant.
      expect(toComplainant.map((m) => m.body).join(' ')).not.toContain('KEMSA');

      const { trackComplaint } = await app.ok(TRACK, { n: lodged.trackingNumber });
      expect(trackComplaint.history.map((s: { status: string }) => s.status)).toEqual(['RECEIVED', 'REFERRED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED']);
    });

    it('lets the complainant rate a resolved complaint once, proving it is theirs with its secret', async () => {
      const wrong = await app.fails(RATE, { input: { trackingNumber: lodged.trackingNumber, secret: 'AAAAA-BBBBB-CCCCC-DDDDD', rating: 4 } });
      expect(wrong.extensions.reason).toBe('COMPLAINT_NOT_FOUND');
      // The phone number given is no proof on the web: it would let staff test a suspect's number.
      const phone = await app.fails(RATE, { input: { trackingNumber: lodged.trackingNumber, secret: PHONE, rating: 4 } });
      expect(phone).toEqual(wrong);
      const outOfRange = await app.fails(RATE, { input: { trackingNumber: lodged.trackingNumber, secret: lodged.secret, rating: 6 } });
      expect(outOfRange.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'rating' }] });
      const { rateComplaint } = await app.ok(RATE, {
        input: { trackingNumber: lodged.trackingNumber, secret: lodged.secret!.toLowerCase(), rating: 4, comment: 'Drugs arrived' },
      });
      expect(rateComplaint).toEqual({ status: 'RESOLVED', rating: 4 });
      const again = await app.fails(RATE, { input: { trackingNumber: lodged.trackingNumber, secret: lodged.secret, rating: 5 } });
      expect(again.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RATING_REFUSED' });

      const { setComplaintStatus } = await app.ok(SET_STATUS, { input: { complaintId: lodged.id, status: 'CLOSED' } }, world.tokens.convener);
      expect(setComplaintStatus).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
    });

    it('refuses to rate what is not resolved', async () => {
      const open = await lodge(app, { phone: PHONE });
      const refused = await app.fails(RATE, { input: { trackingNumber: open.trackingNumber, secret: open.secret, rating: 3 } });
      expect(refused.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RATING_REFUSED' });
    });

    it('requires a reason to reject, and tells the complainant that reason', async () => {
      const other = await lodge(app, { phone: PHONE });
      const bare = await app.fails(SET_STATUS, { input: { complaintId: other.id, status: 'REJECTED' } }, world.tokens.partner);
      expect(bare.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
      const { setComplaintStatus } = await app.ok(
        SET_STATUS,
        { input: { complaintId: other.id, status: 'REJECTED', reason: 'Outside the county’s responsibility' } },
        world.tokens.partner,
      );
      expect(setComplaintStatus).toMatchObject({ status: 'REJECTED', rejectionReason: 'Outside the county’s responsibility' });
      const [, rejected] = (await messagesAbout(app, other.id)).filter((m) => m.channel === 'SMS');
      expect(rejected.body).toContain('Outside the county’s responsibility');
      expect((await app.ok(TRACK, { n: other.trackingNumber })).trackComplaint.rejectionReason).toBe('Outside the county’s responsibility');
    });
  });

  describe('duplicates', () => {
    it('lets the convener merge a duplicate into the complaint that stays, telling its complainant which to follow', async () => {
      const kept = await lodge(app, { phone: PHONE });
      const duplicate = await lodge(app, { phone: '+254733000333' });
      expect((await app.fails(MERGE, { duplicateId: duplicate.id, into: kept.id }, world.tokens.partner)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(MERGE, { duplicateId: kept.id, into: kept.id }, world.tokens.convener)).extensions.code).toBe('BAD_USER_INPUT');
      const { mergeComplaints } = await app.ok(MERGE, { duplicateId: duplicate.id, into: kept.id }, world.tokens.convener);
      expect(mergeComplaints).toMatchObject({ status: 'CLOSED', mergedInto: kept.trackingNumber, closedAt: expect.any(String) });
      const told = (await messagesAbout(app, duplicate.id)).find((m) => m.template === 'complaint-merged');
      expect(told?.body).toContain(kept.trackingNumber);
      expect((await app.ok(TRACK, { n: duplicate.trackingNumber })).trackComplaint).toMatchObject({ status: 'CLOSED', mergedInto: kept.trackingNumber });
      const twice = await app.fails(MERGE, { duplicateId: duplicate.id, into: kept.id }, world.tokens.convener);
      expect(twice.extensions).toMatchObject({ code: 'CONFLICT', reason: 'COMPLAINT_NOT_OPEN' });
    });
  });

  describe('walk-in', () => {
    it('lets partner staff fill in the complaint log form for a visitor, who may decline to be contacted', async () => {
      const input = {
        ...complaintInput({ sectorCode: 'WATER', areaCode: 'TARBAJ' }),
        organisationId: healthPartnerId,
        office: 'Lodwar office',
        contactBy: 'NONE',
      };
      const { recordWalkInComplaint } = await app.ok(WALK_IN, { input }, world.tokens.partner);
      expect(recordWalkInComplaint).toMatchObject({ status: 'REFERRED', secret: expect.any(String) });
      const { rows } = await app.sql.query('SELECT channel, walk_in_office, recorded_by_id, anonymous FROM complaints WHERE tracking_number = $1', [
        recordWalkInComplaint.trackingNumber.replace(/^PW-|-/g, ''),
      ]);
      expect(rows[0]).toMatchObject({ channel: 'WALK_IN', walk_in_office: 'Lodwar office', anonymous: true, recorded_by_id: expect.any(String) });

      const noPhone = await app.fails(WALK_IN, { input: { ...input, contactBy: 'SMS' } }, world.tokens.partner);
      expect(noPhone.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'phone' }] });
      const otherOffice = await app.fails(WALK_IN, { input: { ...input, organisationId: waterPartnerId } }, world.tokens.partner);
      expect(otherOffice.extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(WALK_IN, { input }, world.tokens.monitor)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(WALK_IN, { input: { ...input, office: '' } }, world.tokens.partner)).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'office' }],
      });
    });
  });

  describe('a complaint about a procurement under an Integrity Pact', () => {
    const FINDING = `mutation ($input: ComplaintFindingInput!) { recordFindingFromComplaint(input: $input) { id findingId } }`;

    it('reaches the procurement’s monitor, without the complainant’s details, who can turn it into a finding', async () => {
      const lodged = await lodge(app, {
        typeCode: 'PROCUREMENT_IRREGULARITY',
        procurementReference: DEMO_PROCUREMENT_REFERENCE,
        phone: PHONE,
        description: 'The tender notice was only on the county notice board for two days.',
      });
      const told = (await messagesAbout(app, lodged.id)).find((m) => m.template === 'complaint-for-monitor');
      expect(told).toMatchObject({ channel: 'EMAIL', subject: expect.stringContaining(DEMO_PROCUREMENT_REFERENCE) });
      expect(told!.body).not.toContain(PHONE);
      const queue = await app.ok(QUEUE, { filter: { procurementId: world.procurementId } }, world.tokens.monitor);
      expect(queue.complaints.items.map((c: { id: string }) => c.id)).toContain(lodged.id);
      expect((await app.fails(CONTACT, { id: lodged.id }, world.tokens.monitor)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(NOTE, { input: { complaintId: lodged.id, body: 'x' } }, world.tokens.monitor)).extensions.code).toBe('FORBIDDEN');

      const { recordFindingFromComplaint } = await app.ok(
        FINDING,
        { input: { complaintId: lodged.id, title: 'Tender notice too short', severity: 'HIGH' } },
        world.tokens.monitor,
      );
      const { rows } = await app.sql.query('SELECT procurement_id, visibility, description, kind FROM findings WHERE id = $1', [
        recordFindingFromComplaint.findingId,
      ]);
      expect(rows[0]).toMatchObject({ procurement_id: world.procurementId, visibility: 'CONFIDENTIAL', kind: 'OBSERVATION' });
      expect(rows[0].description).toContain('two days');
      expect(rows[0].description).not.toContain(PHONE);
      const again = await app.fails(FINDING, { input: { complaintId: lodged.id, title: 'Again', severity: 'LOW' } }, world.tokens.monitor);
      expect(again.extensions.reason).toBe('COMPLAINT_ALREADY_A_FINDING');
      expect((await app.fails(FINDING, { input: { complaintId: lodged.id, title: 'Mine', severity: 'LOW' } }, world.tokens.partner)).extensions.code).toBe(
        'FORBIDDEN',
      );
    });

    it('feeds the burst-of-complaints red flag (PW-005)', async () => {
      const flag = async () =>
        (await app.sql.query(`SELECT triggered, evidence FROM red_flags WHERE procurement_id = $1 AND code = 'PW-005'`, [world.procurementId])).rows[0];
      const before = (await flag()).evidence.complaintCount;
      for (let i = before; i < 5; i++) await lodge(app, { procurementReference: DEMO_PROCUREMENT_REFERENCE, typeCode: 'CORRUPTION' });
      expect(await flag()).toMatchObject({ triggered: true, evidence: { complaintCount: 5 } });
    });
  });

  describe('the record', () => {
    it('cannot be rewritten: history, notes and inbound messages are insert-only, complaints are never deleted, queued messages keep their text', async () => {
      const { id } = await lodge(app, { phone: PHONE });
      for (const statement of [
        `UPDATE complaint_events SET reason = 'x' WHERE complaint_id = '${id}'`,
        `DELETE FROM complaint_events WHERE complaint_id = '${id}'`,
        `DELETE FROM complaints WHERE id = '${id}'`,
        `UPDATE outbound_messages SET body = 'changed' WHERE complaint_id = '${id}'`,
      ]) {
        await expect(app.sql.query(statement)).rejects.toThrow(/insert-only|only its delivery|refused/);
      }
    });
  });

  describe('the convener’s settings', () => {
    const SET_RULE = `mutation ($input: SetReferralRuleInput!) { setReferralRule(input: $input) { id sectorId areaId typeId organisationId } }`;
    const SET_DEADLINE = `mutation ($input: SetComplaintDeadlineInput!) { setComplaintDeadline(input: $input) { id organisationId typeId acknowledgeWithinHours resolveWithinHours } }`;

    it('extends the lists, routes by a new rule with the organisation’s own deadlines, and removes the rule', async () => {
      const sector = await app.ok(
        `mutation { addComplaintSector(input: { code: "ROADS", name: "Roads and transport" }) { id code } }`,
        {},
        world.tokens.convener,
      );
      expect(sector.addComplaintSector.code).toBe('ROADS');
      const area = await app.ok(
        `mutation { addArea(input: { code: "ELDAS", name: "Eldas", countyCode: "WAJIR" }) { code parentId } }`,
        {},
        world.tokens.convener,
      );
      expect(area.addArea.parentId).toEqual(expect.any(String));
      expect(
        (await app.fails(`mutation { addComplaintSector(input: { code: "ROADS", name: "Again" }) { id } }`, {}, world.tokens.convener)).extensions,
      ).toMatchObject({ code: 'CONFLICT', reason: 'CODE_TAKEN' });
      expect(
        (await app.fails(`mutation { addArea(input: { code: "X1", name: "Nowhere", countyCode: "ELDAS" }) { id } }`, {}, world.tokens.convener)).extensions
          .reason,
      ).toBe('COUNTY_NOT_FOUND');
      expect(
        (await app.fails(`mutation { addComplaintType(input: { code: "lower", name: "Bad code" }) { id } }`, {}, world.tokens.convener)).extensions,
      ).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'code' }] });
      expect(
        (await app.fails(`mutation { addComplaintType(input: { code: "FLOODS", name: "Floods" }) { id } }`, {}, world.tokens.partner)).extensions.code,
      ).toBe('FORBIDDEN');

      const { setReferralRule } = await app.ok(
        SET_RULE,
        { input: { sectorCode: 'ROADS', areaCode: 'WAJIR', organisationId: waterPartnerId } },
        world.tokens.convener,
      );
      expect((await app.fails(SET_RULE, { input: { sectorCode: 'ROADS', organisationId: waterPartnerId } }, world.tokens.partner)).extensions.code).toBe(
        'FORBIDDEN',
      );
      expect((await app.fails(SET_RULE, { input: { sectorCode: 'NOPE', organisationId: waterPartnerId } }, world.tokens.convener)).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'sectorCode' }],
      });
      const { setComplaintDeadline } = await app.ok(
        SET_DEADLINE,
        { input: { organisationId: waterPartnerId, acknowledgeWithinHours: 24, resolveWithinHours: 240 } },
        world.tokens.convener,
      );
      expect(setComplaintDeadline).toMatchObject({ organisationId: waterPartnerId, typeId: null, acknowledgeWithinHours: 24 });
      expect(
        (await app.fails(SET_DEADLINE, { input: { acknowledgeWithinHours: 48, resolveWithinHours: 24 } }, world.tokens.convener)).extensions,
      ).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'resolveWithinHours' }] });

      const routed = await lodge(app, { sectorCode: 'ROADS', areaCode: 'ELDAS' });
      const { complaint } = await app.ok(COMPLAINT, { id: routed.id }, world.tokens.waterPartner);
      expect(complaint.handlingOrganisation.id).toBe(waterPartnerId);
      expect(Date.parse(complaint.acknowledgeDueAt) - Date.parse(complaint.referredAt)).toBe(24 * 3600_000);

      expect((await app.ok(`mutation ($id: ID!) { removeReferralRule(id: $id) }`, { id: setReferralRule.id }, world.tokens.convener)).removeReferralRule).toBe(
        true,
      );
      expect((await lodge(app, { sectorCode: 'ROADS', areaCode: 'ELDAS' })).status).toBe('RECEIVED');
      const { referralRules } = await app.ok(`{ referralRules { sectorId } complaintDeadlines { organisationId } }`, {}, world.tokens.convener);
      expect(referralRules).toHaveLength(2);
    });
  });

  it('refuses bad input with the field and the reason', async () => {
    const badCodes = await app.fails(LODGE, { input: complaintInput({ sectorCode: 'NOPE', language: 'fr' }) });
    expect(badCodes.extensions.code).toBe('BAD_USER_INPUT');
    const badLanguage = await app.fails(LODGE, { input: complaintInput({ language: 'fr' }) });
    expect(badLanguage.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'language' }] });
    const notAComplaint = await app.fails(COMPLAINT, { id: '00000000-0000-4000-8000-000000000000' }, world.tokens.convener);
    expect(notAComplaint.extensions.code).toBe('NOT_FOUND');
  });
});
