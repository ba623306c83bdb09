import { PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What each role may and may not do and see; every denial is a typed error, never a leak. */
describe('role-specific access', () => {
  let app: TestApp;
  let world: DemoWorld;
  let otherProcurementId: string;

  const PROCUREMENT_VIEW = `query ($id: ID!) { procurement(id: $id) { id reference bidders { bidder { id name } } } }`;
  const LIST = `{ procurements { totalCount items { id reference } } }`;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    // A second procurement by another authority, with bidder 3 only, and no monitor.
    const { createOrganisation: authority } = await app.ok(
      `mutation { createOrganisation(input: { name: "Ministry of Roads", kind: CONTRACTING_AUTHORITY }) { id } }`,
      {},
      world.tokens.admin,
    );
    await app.ok(
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          email: 'roads@example.org',
          name: 'Roads Officer',
          password: 'long enough password',
          organisationId: authority.id,
          role: 'ADMIN',
          title: 'Procurement officer',
        },
      },
      world.tokens.admin,
    );
    const roads = await app.login('roads@example.org', 'long enough password');
    const { createProcurement } = await app.ok(
      `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
      { input: { reference: 'MOR/2026/7', title: 'Rehabilitation of the Lodwar–Kakuma road', authorityId: authority.id } },
      roads,
    );
    otherProcurementId = createProcurement.id;
    await app.ok(
      `mutation ($input: AddBidderInput!) { addBidder(input: $input) { bidderId } }`,
      { input: { procurementId: otherProcurementId, bidderId: world.bidderIds[2] } },
      roads,
    );
  });
  afterAll(() => app?.close());

  describe('the public (no token)', () => {
    it('sees no procurement before a pact is published, and cannot act', async () => {
      expect((await app.ok(LIST)).procurements).toEqual({ totalCount: 0, items: [] });
      expect((await app.fails(PROCUREMENT_VIEW, { id: world.procurementId })).extensions.code).toBe('UNAUTHENTICATED');
      expect((await app.fails(`mutation ($d: ID!) { publishPactDraft(draftId: $d) { id } }`, { d: world.draftId })).extensions.code).toBe('UNAUTHENTICATED');
      expect((await app.fails('{ me { id } }')).extensions.code).toBe('UNAUTHENTICATED');
    });

    it('reads templates and the signing key', async () => {
      const { pactTemplates } = await app.ok('{ pactTemplates { key language clauseCount } }');
      expect(pactTemplates.map((t: { language: string }) => t.language).sort()).toEqual(['en', 'fr']);
      expect((await app.ok('{ platformSigningKey { algorithm } }')).platformSigningKey.algorithm).toBe('Ed25519');
    });
  });

  describe('a bidder', () => {
    it('sees only the procurements it takes part in', async () => {
      const first = await app.ok(LIST, {}, world.tokens.bidders[0]);
      expect(first.procurements.items.map((p: { id: string }) => p.id)).toEqual([world.procurementId]);
      const third = await app.ok(LIST, {}, world.tokens.bidders[2]);
      expect(third.procurements.items.map((p: { id: string }) => p.id).sort()).toEqual([world.procurementId, otherProcurementId].sort());
      expect((await app.fails(PROCUREMENT_VIEW, { id: otherProcurementId }, world.tokens.bidders[0])).extensions.code).toBe('FORBIDDEN');
    });

    it('never sees another bidder taking part', async () => {
      const { procurement } = await app.ok(PROCUREMENT_VIEW, { id: world.procurementId }, world.tokens.bidders[1]);
      expect(procurement.bidders.map((b: { bidder: { id: string } }) => b.bidder.id)).toEqual([world.bidderIds[1]]);
    });

    it('cannot see drafts, comments or the audit trail', async () => {
      expect((await app.fails(`query ($id: ID!) { pactDraft(id: $id) { id } }`, { id: world.draftId }, world.tokens.bidders[0])).extensions.code).toBe(
        'FORBIDDEN',
      );
      const draftField = await app.gql(
        `query ($id: ID!) { procurement(id: $id) { pact { openDraft { id } } } }`,
        { id: world.procurementId },
        world.tokens.bidders[0],
      );
      expect(draftField.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(draftField.data.procurement.pact.openDraft).toBeNull();
      const audit = await app.gql(
        `query ($id: ID!) { procurement(id: $id) { auditTrail { totalCount } } }`,
        { id: world.procurementId },
        world.tokens.bidders[0],
      );
      expect(audit.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('cannot create procurements, publish, advance stages or sign for someone else', async () => {
      const create = await app.fails(
        `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
        { input: { reference: 'X-1', title: 'Not allowed', authorityId: world.authorityId } },
        world.tokens.bidders[0],
      );
      expect(create.extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(PUBLISH, { draftId: world.draftId }, world.tokens.bidders[0])).extensions.code).toBe('FORBIDDEN');
      expect(
        (
          await app.fails(
            `mutation { advanceStage(input: { procurementId: "${world.procurementId}", toStage: TENDER_PREPARATION }) { id } }`,
            {},
            world.tokens.bidders[0],
          )
        ).extensions.code,
      ).toBe('FORBIDDEN');
      const { publishPactDraft } = await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
      const forOther = await app.fails(
        SIGN,
        { input: { pactVersionId: publishPactDraft.id, organisationId: world.bidderIds[1], consent: true } },
        world.tokens.bidders[0],
      );
      expect(forOther.extensions.code).toBe('FORBIDDEN');
      const { signPact } = await app.ok(
        SIGN,
        { input: { pactVersionId: publishPactDraft.id, organisationId: world.bidderIds[0], consent: true } },
        world.tokens.bidders[0],
      );
      expect(signPact.party).toBe('BIDDER');
    });
  });

  describe('the monitor', () => {
    it('sees assigned procurements with every bidder, drafts and the audit trail, and comments', async () => {
      const { procurements } = await app.ok(LIST, {}, world.tokens.monitor);
      expect(procurements.items.map((p: { id: string }) => p.id)).toEqual([world.procurementId]);
      const { procurement } = await app.ok(PROCUREMENT_VIEW, { id: world.procurementId }, world.tokens.monitor);
      expect(procurement.bidders).toHaveLength(3);
      const { procurement: withTrail } = await app.ok(
        `query ($id: ID!) { procurement(id: $id) { auditTrail { totalCount } } }`,
        { id: world.procurementId },
        world.tokens.monitor,
      );
      expect(withTrail.auditTrail.totalCount).toBeGreaterThan(3);
    });

    it('cannot see unassigned procurements, edit, publish or advance', async () => {
      expect((await app.fails(PROCUREMENT_VIEW, { id: otherProcurementId }, world.tokens.monitor)).extensions.code).toBe('FORBIDDEN');
      const update = await app.fails(
        `mutation { updateProcurement(input: { id: "${world.procurementId}", title: "Hijacked" }) { id } }`,
        {},
        world.tokens.monitor,
      );
      expect(update.extensions.code).toBe('FORBIDDEN');
      const draft = await app.fails(`mutation { createPactDraft(input: { procurementId: "${otherProcurementId}" }) { id } }`, {}, world.tokens.monitor);
      expect(draft.extensions.code).toBe('FORBIDDEN');
    });
  });

  describe('the implementer', () => {
    it('engages the monitor of a procurement it runs, but not elsewhere', async () => {
      const { assignMonitor } = await app.ok(
        `mutation ($input: AssignMonitorInput!) { assignMonitor(input: $input) { monitor { id } } }`,
        { input: { procurementId: world.procurementId, monitorId: world.monitorId } },
        world.tokens.implementer,
      );
      expect(assignMonitor.monitor.id).toBe(world.monitorId);
      const elsewhere = await app.fails(
        `mutation ($input: AssignMonitorInput!) { assignMonitor(input: $input) { id } }`,
        { input: { procurementId: otherProcurementId, monitorId: world.monitorId } },
        world.tokens.implementer,
      );
      expect(elsewhere.extensions.code).toBe('FORBIDDEN');
    });
  });

  describe('a contracting authority', () => {
    it("cannot see or change another authority's procurement", async () => {
      expect((await app.fails(PROCUREMENT_VIEW, { id: otherProcurementId }, world.tokens.authority)).extensions.code).toBe('FORBIDDEN');
      const { procurements } = await app.ok(LIST, {}, world.tokens.authority);
      expect(procurements.items.map((p: { id: string }) => p.id)).toEqual([world.procurementId]);
      const add = await app.fails(
        `mutation ($input: AddBidderInput!) { addBidder(input: $input) { bidderId } }`,
        { input: { procurementId: otherProcurementId, bidderId: world.bidderIds[0] } },
        world.tokens.authority,
      );
      expect(add.extensions.code).toBe('FORBIDDEN');
    });

    it('registers bidder organisations but no other kind', async () => {
      const bidder = await app.ok(`mutation { createOrganisation(input: { name: "Turkwel Traders", kind: BIDDER }) { id kind } }`, {}, world.tokens.authority);
      expect(bidder.createOrganisation.kind).toBe('BIDDER');
      const monitor = await app.fails(`mutation { createOrganisation(input: { name: "Friendly Monitor", kind: MONITOR }) { id } }`, {}, world.tokens.authority);
      expect(monitor.extensions.code).toBe('FORBIDDEN');
    });
  });

  describe('organisation admins and memberships', () => {
    it('manage their own organisation only, and every change is audited', async () => {
      const { me } = await app.ok('{ me { id } }', {}, world.tokens.monitor);
      const grant = `mutation ($input: GrantMembershipInput!) { grantMembership(input: $input) { role title } }`;
      const denied = await app.fails(grant, { input: { userId: me.id, organisationId: world.authorityId, role: 'ADMIN' } }, world.tokens.implementer);
      expect(denied.extensions.code).toBe('FORBIDDEN');
      const { grantMembership } = await app.ok(
        grant,
        { input: { userId: me.id, organisationId: world.authorityId, role: 'MEMBER', title: 'Observer' } },
        world.tokens.authority,
      );
      expect(grantMembership).toEqual({ role: 'MEMBER', title: 'Observer' });
      const { organisation } = await app.ok(
        `query ($id: ID!) { organisation(id: $id) { members { userId role } auditTrail { items { action data } } } }`,
        { id: world.authorityId },
        world.tokens.authority,
      );
      expect(organisation.members.map((m: { userId: string }) => m.userId)).toContain(me.id);
      expect(organisation.auditTrail.items.map((e: { action: string }) => e.action)).toContain('membership.granted');
      const members = await app.gql(`query ($id: ID!) { organisation(id: $id) { members { userId } } }`, { id: world.authorityId }, world.tokens.bidders[0]);
      expect(members.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });
  });
});
