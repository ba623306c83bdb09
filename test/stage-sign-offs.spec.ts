import { ADVANCE, PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SIGN_OFF = `mutation ($input: SignOffStageInput!) { signOffStage(input: $input) { id procurementId stage decision reason monitorId signedBy publishedInReportId } }`;
const SIGN_OFFS = `query ($id: ID!) { procurement(id: $id) { stageSignOffs { stage decision reason } } }`;

/** The monitor signs off or objects to each stage the procurement moves into; objections reach the public once reported. */
describe('stage sign-offs and objections', () => {
  let app: TestApp;
  let world: DemoWorld;
  let otherMonitor: string;
  let objectionId: string;

  const signOff = (stage: string, decision: string, reason?: string, token = world.tokens.monitor) =>
    app.gql(SIGN_OFF, { input: { procurementId: world.procurementId, stage, decision, ...(reason === undefined ? {} : { reason }) } }, token);
  const advance = (toStage: string) =>
    app.ok(ADVANCE, { input: { procurementId: world.procurementId, toStage, note: `to ${toStage}` } }, world.tokens.authority);
  const stored = async () => (await app.sql.query('SELECT count(*)::int AS n FROM stage_sign_offs')).rows[0].n as number;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    const { createOrganisation } = await app.ok(
      `mutation { createOrganisation(input: { name: "Other Monitors Ltd", kind: MONITOR }) { id } }`,
      {},
      world.tokens.admin,
    );
    await app.ok(
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          email: 'other-monitor@example.org',
          name: 'Other Monitor',
          password: 'long enough password',
          organisationId: createOrganisation.id,
          role: 'MEMBER',
          title: 'Monitor',
        },
      },
      world.tokens.admin,
    );
    otherMonitor = await app.login('other-monitor@example.org', 'long enough password');
  });
  afterAll(() => app?.close());

  it('refuses PLANNING and stages the procurement has not reached', async () => {
    const planning = await signOff('PLANNING', 'SIGNED_OFF');
    expect(planning.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STAGE_NOT_REACHED', fields: [{ field: 'stage' }] });
    const ahead = await signOff('TENDER_PREPARATION', 'SIGNED_OFF');
    expect(ahead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STAGE_NOT_REACHED' });
    expect(ahead.errors?.[0].message).toMatch(/has not reached TENDER_PREPARATION; it is at PLANNING/);
  });

  it('lets the assigned monitor sign off a stage the procurement moved into', async () => {
    await advance('TENDER_PREPARATION');
    const { data, errors } = await signOff('TENDER_PREPARATION', 'SIGNED_OFF');
    expect(errors).toBeUndefined();
    expect(data.signOffStage).toMatchObject({
      procurementId: world.procurementId,
      stage: 'TENDER_PREPARATION',
      decision: 'SIGNED_OFF',
      reason: '',
      monitorId: world.monitorId,
      publishedInReportId: null,
    });
  });

  it('takes one decision per stage', async () => {
    const again = await signOff('TENDER_PREPARATION', 'OBJECTED', 'Changed my mind');
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'STAGE_ALREADY_SIGNED_OFF',
      stage: 'TENDER_PREPARATION',
      decision: 'SIGNED_OFF',
    });
    expect(await stored()).toBe(1);
  });

  it('refuses sign-offs from anyone but the assigned monitor', async () => {
    await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    const { procurement } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { pact { currentVersion { id } } } }`,
      { id: world.procurementId },
      world.tokens.authority,
    );
    await app.ok(
      SIGN,
      { input: { pactVersionId: procurement.pact.currentVersion.id, organisationId: world.authorityId, consent: true } },
      world.tokens.authority,
    );
    await advance('TENDER_OPEN');
    for (const token of [world.tokens.authority, world.tokens.implementer, world.tokens.bidders[0], otherMonitor]) {
      expect((await signOff('TENDER_OPEN', 'SIGNED_OFF', '', token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(
      (await app.gql(SIGN_OFF, { input: { procurementId: world.procurementId, stage: 'TENDER_OPEN', decision: 'SIGNED_OFF' } })).errors?.[0].extensions.code,
    ).toBe('UNAUTHENTICATED');
    expect(await stored()).toBe(1);
  });

  it('requires a reason for an objection', async () => {
    for (const reason of [undefined, '', '   ']) {
      const refused = await signOff('TENDER_OPEN', 'OBJECTED', reason);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OBJECTION_REASON_REQUIRED', fields: [{ field: 'reason' }] });
    }
    expect(await stored()).toBe(1);
    const { data } = await signOff('TENDER_OPEN', 'OBJECTED', '  The tender opened nine days after the pact was published, not the fourteen agreed.  ');
    expect(data.signOffStage).toMatchObject({
      stage: 'TENDER_OPEN',
      decision: 'OBJECTED',
      reason: 'The tender opened nine days after the pact was published, not the fourteen agreed.',
    });
    objectionId = data.signOffStage.id;
  });

  it('shows the objection to the authority, the implementer and the monitor', async () => {
    for (const token of [world.tokens.authority, world.tokens.implementer, world.tokens.monitor]) {
      const { procurement } = await app.ok(SIGN_OFFS, { id: world.procurementId }, token);
      expect(procurement.stageSignOffs).toEqual([
        { stage: 'TENDER_PREPARATION', decision: 'SIGNED_OFF', reason: '' },
        { stage: 'TENDER_OPEN', decision: 'OBJECTED', reason: 'The tender opened nine days after the pact was published, not the fourteen agreed.' },
      ]);
    }
  });

  it('keeps it from bidders and the public until a published report includes it', async () => {
    for (const token of [world.tokens.bidders[0], undefined]) {
      const { procurement } = await app.ok(SIGN_OFFS, { id: world.procurementId }, token);
      expect(procurement.stageSignOffs).toEqual([]);
    }
    // Stands in for the reports module publishing a report that includes the objection.
    const { rows } = await app.sql.query(
      `WITH report AS (
         INSERT INTO monitoring_reports (procurement_id, kind, title, template_key, language, sections, status, created_by)
         SELECT procurement_id, 'PERIODIC', 'Report', 'standard', 'en', '{}', 'PUBLISHED', signed_by FROM stage_sign_offs WHERE id = $1 RETURNING *)
       INSERT INTO published_reports (report_id, procurement_id, kind, title, language, content, canonical_content, content_hash, published_by, published_at)
       SELECT id, procurement_id, kind, title, language, '{}', '{}', md5(random()::text) || md5(random()::text), created_by, now() FROM report RETURNING id`,
      [objectionId],
    );
    await app.sql.query('UPDATE stage_sign_offs SET published_in_report_id = $2 WHERE id = $1', [objectionId, rows[0].id]);
    for (const token of [world.tokens.bidders[0], undefined]) {
      const { procurement } = await app.ok(SIGN_OFFS, { id: world.procurementId }, token);
      expect(procurement.stageSignOffs).toEqual([
        { stage: 'TENDER_OPEN', decision: 'OBJECTED', reason: 'The tender opened nine days after the pact was published, not the fourteen agreed.' },
      ]);
    }
  });

  it('records each decision in the audit trail', async () => {
    const { procurement } = await app.ok(
      `query ($id: ID!) { procurement(id: $id) { auditTrail(page: { limit: 200 }) { items { action subjectType data } } } }`,
      { id: world.procurementId },
      world.tokens.authority,
    );
    const decisions = procurement.auditTrail.items.filter((e: { action: string }) => e.action.startsWith('stage.'));
    expect(decisions).toEqual([
      { action: 'stage.signed_off', subjectType: 'StageSignOff', data: { stage: 'TENDER_PREPARATION', decision: 'SIGNED_OFF', reason: '' } },
      {
        action: 'stage.objected',
        subjectType: 'StageSignOff',
        data: { stage: 'TENDER_OPEN', decision: 'OBJECTED', reason: 'The tender opened nine days after the pact was published, not the fourteen agreed.' },
      },
    ]);
  });
});
