import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { schemaProblems } from '../src/ocds/ocds-validation.js';
import { DEMO_ACCOUNTS, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);

const OCID_A = 'ocds-7kq2zm-TCG-HLTH-2026-031';
const OCID_B = 'ocds-7kq2zm-TCG-WTR-2026-007';
const OCID_D = 'ocds-7kq2zm-TCG-RDS-2026-012';
const FIXTURES = 'test/fixtures/ocds';

const fixtureText = (name: string) => readFile(join(FIXTURES, name), 'utf8');
const fixture = async (name: string) => JSON.parse(await fixtureText(name));

interface HttpAnswer {
  status: number;
  body: any;
}

async function answer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function importJson(app: TestApp, body: unknown, token?: string): Promise<HttpAnswer> {
  return fetch(`${app.url}/ocds/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(answer);
}

function importFile(app: TestApp, content: string, token: string): Promise<HttpAnswer> {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'application/json' }), 'package.json');
  return fetch(`${app.url}/ocds/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }).then(answer);
}

function get(app: TestApp, path: string, token?: string): Promise<HttpAnswer> {
  return fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }).then(answer);
}

const TABLES = ['procurements', 'organisations', 'procurement_bidders', 'bids', 'awards', 'contracts', 'contract_amendments', 'audit_entries'];

/** Row counts of every table an import writes, to prove a refused import stored nothing. */
async function counts(app: TestApp): Promise<Record<string, number>> {
  const { rows } = await app.sql.query(`SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`);
  return rows[0];
}

async function procurementIdOf(app: TestApp, ocid: string): Promise<string> {
  const { rows } = await app.sql.query('SELECT id FROM procurements WHERE ocid = $1', [ocid]);
  return rows[0].id;
}

async function databaseUrlOf(app: TestApp): Promise<string> {
  const { rows } = await app.sql.query('SELECT current_database() AS name');
  const url = new URL(process.env.PACTWATCH_TEST_SERVER_URL!);
  url.pathname = `/${rows[0].name}`;
  return url.toString();
}

const PROCUREMENT = `query ($id: ID!) {
  procurement(id: $id) {
    ocid reference title description procurementMethod estimatedValue currency sector area tenderPeriodStart tenderPeriodEnd stage
    authority { name identifier } monitor { name } implementer { name }
    bidders { participation bidder { name identifier } }
    bids { amount currency receivedAt disqualified disqualificationReason bidder { name } }
    awards { amount awardedAt supplier { name } }
    contracts { value currentValue signedAt amendments { amendedAt description newValue } }
  }
}`;

describe('OCDS import and export', () => {
  let app: TestApp;
  let world: DemoWorld;
  let releasePackage: any;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    releasePackage = await fixture('release-package.json');
  });
  afterAll(() => app?.close());

  describe('import', () => {
    it('creates procurements with their parties, tender, bids, awards, contracts and amendments', async () => {
      const before = await counts(app);
      const { status, body } = await importJson(app, releasePackage, world.tokens.admin);
      expect(status).toBe(200);
      expect(body.procurements).toEqual([
        { ocid: OCID_A, id: expect.any(String), status: 'created' },
        { ocid: OCID_B, id: expect.any(String), status: 'created' },
      ]);
      // Turkwel Pharmaceuticals is new; the other parties are the demo organisations, found by name and given their identifiers.
      expect(body.counts).toEqual({
        releases: 5,
        procurements: 2,
        created: 2,
        updated: 0,
        unchanged: 0,
        organisationsCreated: 1,
        bids: 4,
        awards: 2,
        contracts: 2,
        amendments: 3,
      });
      expect(body.skipped).toEqual([
        { path: '/releases/4/bids/details/0', reason: 'bid status invited: not an offer received' },
        { path: '/releases/4/bids/details/2', reason: 'bid status withdrawn: not an offer received' },
        { path: '/releases/4/awards/1', reason: 'award status cancelled: nobody was given the contract' },
      ]);
      const after = await counts(app);
      expect(after.procurements - before.procurements).toBe(2);
      expect(after.organisations - before.organisations).toBe(1);

      const { procurement: a } = await app.ok(PROCUREMENT, { id: body.procurements[0].id }, world.tokens.admin);
      expect(a).toMatchObject({
        ocid: OCID_A,
        reference: 'TCG/HLTH/2026/031',
        title: 'Supply and delivery of laboratory reagents to Lodwar County Referral Hospital',
        procurementMethod: 'open',
        estimatedValue: '12400000.00',
        currency: 'KES',
        sector: 'Health',
        area: 'Turkana',
        tenderPeriodStart: '2026-03-02T06:00:00.000Z',
        tenderPeriodEnd: '2026-03-30T09:00:00.000Z',
        stage: 'PLANNING',
        authority: { name: 'County Government of Turkana', identifier: 'KE-KRA-P051200001T' },
        monitor: { name: 'Independent Procurement Monitors Ltd' },
        implementer: { name: 'Lake Region Integrity Network' },
      });
      expect(a.bidders.map((b: any) => [b.bidder.name, b.participation]).sort()).toEqual([
        ['Lodwar Medical Supplies Ltd', 'REGISTERED'],
        ['Rift Valley Pharma Distributors', 'REGISTERED'],
        ['Turkwel Pharmaceuticals Ltd', 'REGISTERED'],
      ]);
      expect(a.bids).toEqual([
        {
          amount: '12300000.00',
          currency: 'KES',
          receivedAt: '2026-03-27T14:00:00.000Z',
          disqualified: false,
          disqualificationReason: null,
          bidder: { name: 'Turkwel Pharmaceuticals Ltd' },
        },
        {
          amount: '11950000.00',
          currency: 'KES',
          receivedAt: '2026-03-29T10:12:00.000Z',
          disqualified: false,
          disqualificationReason: null,
          bidder: { name: 'Lodwar Medical Supplies Ltd' },
        },
        {
          amount: '11200000.00',
          currency: 'KES',
          receivedAt: '2026-03-30T08:55:00.000Z',
          disqualified: true,
          disqualificationReason: 'No bid security was provided with the bid.',
          bidder: { name: 'Rift Valley Pharma Distributors' },
        },
      ]);
      expect(a.awards).toEqual([{ amount: '11950000.00', awardedAt: '2026-04-20T12:00:00.000Z', supplier: { name: 'Lodwar Medical Supplies Ltd' } }]);
      // Successive releases: signed at 11.95 M (the contract release), 13.145 M after the amendment (the amendment release).
      expect(a.contracts).toEqual([
        {
          value: '11950000.00',
          currentValue: '13145000.00',
          signedAt: '2026-05-05T08:00:00.000Z',
          amendments: [
            {
              amendedAt: '2026-09-10T00:00:00.000Z',
              description: 'Additional reagent lots for the cholera response in Turkana North.',
              newValue: '13145000.00',
            },
          ],
        },
      ]);

      const { procurement: b } = await app.ok(PROCUREMENT, { id: body.procurements[1].id }, world.tokens.admin);
      // A limited tender admits only invited bidders; the extension's values are the contract's at signature and after each amendment.
      expect(b.bidders.map((x: any) => [x.bidder.name, x.participation]).sort()).toEqual([
        ['Kakuma Health Logistics', 'INVITED'],
        ['Rift Valley Pharma Distributors', 'INVITED'],
        ['Turkwel Pharmaceuticals Ltd', 'INVITED'],
      ]);
      expect(b.bids.map((bid: any) => bid.bidder.name)).toEqual(['Turkwel Pharmaceuticals Ltd']);
      expect(b.contracts).toEqual([
        {
          value: '26400000.00',
          currentValue: '31900000.00',
          signedAt: '2026-11-20T08:00:00.000Z',
          amendments: [
            { amendedAt: '2026-12-15T00:00:00.000Z', description: 'Deeper drilling at site 2 after a dry first attempt.', newValue: '29100000.00' },
            { amendedAt: '2027-01-28T00:00:00.000Z', description: 'Solar pumps instead of diesel at all three sites.', newValue: '31900000.00' },
          ],
        },
      ]);

      const { rows: organisations } = await app.sql.query(
        `SELECT name, kind, identifier, address, contact_email, contact_phone, country FROM organisations WHERE name IN ('Turkwel Pharmaceuticals Ltd', 'County Government of Turkana') ORDER BY name`,
      );
      expect(organisations).toEqual([
        {
          name: 'County Government of Turkana',
          kind: 'CONTRACTING_AUTHORITY',
          identifier: 'KE-KRA-P051200001T',
          address: 'County Headquarters, Kenyatta Street, Lodwar, Kenya',
          contact_email: 'procurement@turkana.go.ke',
          contact_phone: '+254 54 21000',
          country: 'KE',
        },
        {
          name: 'Turkwel Pharmaceuticals Ltd',
          kind: 'BIDDER',
          identifier: 'KE-KRA-P051200033W',
          address: 'Industrial Area, Enterprise Road, Nairobi, Kenya',
          contact_email: 'bids@turkwelpharma.co.ke',
          contact_phone: '+254 711 500 600',
          country: 'KE',
        },
      ]);
      const { rows: audit } = await app.sql.query(`SELECT action, actor_id, data FROM audit_entries WHERE action = 'ocds.imported' ORDER BY seq`);
      expect(audit).toEqual([
        { action: 'ocds.imported', actor_id: expect.any(String), data: expect.objectContaining({ ocid: OCID_A, created: true, via: 'http' }) },
        { action: 'ocds.imported', actor_id: expect.any(String), data: expect.objectContaining({ ocid: OCID_B, created: true, via: 'http' }) },
      ]);
    });

    it('imports the same package again without creating or changing anything', async () => {
      const before = await counts(app);
      const { rows: bidsBefore } = await app.sql.query('SELECT id, ocds_id FROM bids ORDER BY id');
      const { status, body } = await importJson(app, releasePackage, world.tokens.admin);
      expect(status).toBe(200);
      expect(body.procurements.map((p: any) => p.status)).toEqual(['unchanged', 'unchanged']);
      expect(body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, organisationsCreated: 0 });
      expect(await counts(app)).toEqual(before);
      expect((await app.sql.query('SELECT id, ocds_id FROM bids ORDER BY id')).rows).toEqual(bidsBefore);
    });

    it('accepts a package above the platform-wide 1 MiB body limit', async () => {
      const large = JSON.stringify({ ...releasePackage, padding: 'x'.repeat(1_200_000) });
      const { status, body } = await importJson(app, large, world.tokens.admin);
      expect(status).toBe(200);
      expect(body.procurements.map((p: any) => p.status)).toEqual(['unchanged', 'unchanged']);
    });

    it('updates what a later release changes and keeps what it leaves out', async () => {
      const later = structuredClone(releasePackage);
      later.releases = [
        {
          ocid: OCID_A,
          id: `${OCID_A}-award-correction`,
          date: '2026-04-22T08:00:00Z',
          tag: ['awardUpdate'],
          initiationType: 'tender',
          parties: [releasePackage.releases[2].parties[0]],
          awards: [
            {
              id: 'award-1',
              status: 'active',
              date: '2026-04-21T12:00:00Z',
              value: { amount: 11950000, currency: 'KES' },
              suppliers: [{ id: 'KE-KRA-P051200011L' }],
            },
          ],
        },
      ];
      const before = await counts(app);
      const { status, body } = await importJson(app, later, world.tokens.admin);
      expect(status).toBe(200);
      expect(body.procurements).toEqual([{ ocid: OCID_A, id: await procurementIdOf(app, OCID_A), status: 'updated' }]);
      expect(await counts(app)).toEqual({ ...before, audit_entries: before.audit_entries + 1 });
      const { rows } = await app.sql.query(`SELECT awarded_at FROM awards WHERE ocds_id = 'award-1'`);
      expect(rows[0].awarded_at.toISOString()).toBe('2026-04-21T12:00:00.000Z');
      // Put the fixture's date back for the tests that follow.
      expect((await importJson(app, releasePackage, world.tokens.admin)).status).toBe(200);
    });

    it('imports a record package uploaded as a file by the authority that is its buyer', async () => {
      const { status, body } = await importFile(app, await fixtureText('record-package.json'), world.tokens.authority);
      expect(status).toBe(200);
      expect(body.procurements).toEqual([{ ocid: OCID_D, id: expect.any(String), status: 'created' }]);
      expect(body.counts).toMatchObject({ releases: 1, bids: 2, awards: 1, contracts: 1, amendments: 0, organisationsCreated: 0 });
      const { procurement } = await app.ok(PROCUREMENT, { id: body.procurements[0].id }, world.tokens.authority);
      expect(procurement).toMatchObject({ title: 'Routine maintenance of the Lodwar-Kakuma road (Lot 3)', procurementMethod: 'selective', monitor: null });
      expect(procurement.bidders.map((b: any) => b.participation)).toEqual(['INVITED', 'INVITED']);
      const { rows } = await app.sql.query(`SELECT actor_id, data->>'via' AS via FROM audit_entries WHERE action = 'ocds.imported' AND data->>'ocid' = $1`, [
        OCID_D,
      ]);
      const { rows: authority } = await app.sql.query('SELECT id FROM users WHERE email = $1', [DEMO_ACCOUNTS.authority]);
      expect(rows).toEqual([{ actor_id: authority[0].id, via: 'http' }]);
    });
  });

  describe('invalid packages', () => {
    const broken = (change: (pkg: any) => void) => () => {
      const pkg = structuredClone(releasePackage);
      change(pkg);
      return pkg;
    };
    it.each<[string, () => unknown, Array<{ path: string; message: string | RegExp }>]>([
      [
        'an amount that is not a number',
        broken((p) => (p.releases[0].tender.value.amount = '12400000')),
        [{ path: '/releases/0/tender/value/amount', message: 'must be number' }],
      ],
      ['a release without its ocid', broken((p) => delete p.releases[1].ocid), [{ path: '/releases/1/ocid', message: 'is required' }]],
      [
        'a currency that is not ISO 4217',
        broken((p) => (p.releases[2].bids.details[0].value.currency = 'KSH')),
        [{ path: '/releases/2/bids/details/0/value/currency', message: 'must be an ISO 4217 currency code, such as KES or USD' }],
      ],
      ['a date without a time zone', broken((p) => (p.releases[0].date = '2026-03-02 06:00')), [{ path: '/releases/0/date', message: /RFC 3339/ }]],
      [
        'a supplier that is not among the parties',
        broken((p) => (p.releases[2].awards[0].suppliers[0].id = 'KE-KRA-P000000000X')),
        [{ path: '/releases/2/awards/0/suppliers/0/id', message: 'refers to supplier "KE-KRA-P000000000X", which is not among the parties (parties[].id)' }],
      ],
      [
        'a contract for an award no release has',
        broken((p) => (p.releases[1].contracts[0].awardID = 'award-9')),
        [{ path: '/releases/1/contracts/0/awardID', message: 'refers to award "award-9", which no release of this ocid has' }],
      ],
      [
        'an amendment whose value nothing gives',
        broken((p) => delete p.releases[4].contracts[0].amendments[0].pactwatch),
        [{ path: '/releases/4/contracts/0/amendments/0/pactwatch/newValue', message: /value after this amendment is unknown/ }],
      ],
      [
        'a tender period that ends before it starts',
        broken((p) => (p.releases[0].tender.tenderPeriod.endDate = '2026-02-01T00:00:00Z')),
        [{ path: '/releases/0/tender/tenderPeriod/endDate', message: 'must not be before tenderPeriod.startDate' }],
      ],
      [
        'a bid of two tenderers',
        broken((p) => p.releases[2].bids.details[0].tenderers.push({ id: 'KE-KRA-P051200022R' })),
        [{ path: '/releases/2/bids/details/0/tenderers', message: 'must NOT have more than 1 items' }],
      ],
      ['a package that is not an object', () => [1, 2, 3], [{ path: '', message: 'must be object' }]],
      ['malformed JSON', () => '{"uri": "https://example.org", "releases": [', [{ path: '', message: /^is not valid JSON/ }]],
    ])('%s: 400 with the JSON Pointer of each problem, nothing stored', async (_case, input, expected) => {
      const before = await counts(app);
      const { status, body } = await importJson(app, input(), world.tokens.admin);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_OCDS' });
      expect(body.error.errors).toEqual(
        expected.map(({ path, message }) => ({ path, message: typeof message === 'string' ? message : expect.stringMatching(message) })),
      );
      expect(await counts(app)).toEqual(before);
    });

    it('answers a malformed uploaded file the same way', async () => {
      const { status, body } = await importFile(app, '{"releases": [}', world.tokens.admin);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ reason: 'INVALID_OCDS', errors: [{ path: '', message: expect.stringMatching(/^is not valid JSON: /) }] });
    });

    it('lists every problem of a package at once', async () => {
      const pkg = structuredClone(releasePackage);
      delete pkg.publisher;
      pkg.releases[0].tender.value.currency = 'XYZ';
      pkg.releases[2].awards[0].suppliers[0].id = 'nobody';
      const { body } = await importJson(app, pkg, world.tokens.admin);
      // Schema problems come first; references are checked once the package has the right shape.
      expect(body.error.errors.map((e: any) => e.path)).toEqual(['/publisher', '/releases/0/tender/value/currency']);
    });

    it('undoes the whole package when a problem shows only while writing', async () => {
      const pkg = structuredClone(releasePackage);
      // A new procurement first, then one whose tenderer is, by identifier, the platform's monitoring organisation.
      pkg.releases = [
        { ...pkg.releases[4], ocid: 'ocds-7kq2zm-NEW-1', id: 'new-1', tender: { ...pkg.releases[4].tender, id: 'NEW/1' } },
        {
          ...pkg.releases[4],
          ocid: 'ocds-7kq2zm-NEW-2',
          id: 'new-2',
          tender: { ...pkg.releases[4].tender, id: 'NEW/2' },
          parties: pkg.releases[4].parties.map((party: any) =>
            party.name === 'Kakuma Health Logistics' ? { ...party, identifier: { scheme: 'KE-KRA', id: 'P051200044M' } } : party,
          ),
        },
      ];
      const before = await counts(app);
      const { status, body } = await importJson(app, pkg, world.tokens.admin);
      expect(status).toBe(400);
      expect(body.error.errors).toEqual([
        {
          path: '/releases/1/parties/1',
          message:
            'is the platform\'s organisation "Independent Procurement Monitors Ltd" (KE-KRA-P051200044M), of kind MONITOR, but takes the part of a BIDDER here',
        },
      ]);
      expect(await counts(app)).toEqual(before);
      expect((await app.sql.query(`SELECT 1 FROM procurements WHERE ocid LIKE 'ocds-7kq2zm-NEW-%'`)).rowCount).toBe(0);
    });

    it('refuses a reference another procurement already has', async () => {
      const pkg = structuredClone(releasePackage);
      pkg.releases = [{ ...pkg.releases[4], ocid: 'ocds-7kq2zm-NEW-3', tender: { ...pkg.releases[4].tender, id: 'TCG/HLTH/2026/031' } }];
      const { status, body } = await importJson(app, pkg, world.tokens.admin);
      expect(status).toBe(400);
      expect(body.error.errors).toEqual([
        { path: '/releases/0/tender/id', message: `is the reference of another procurement on the platform (${OCID_A}); references are unique` },
      ]);
    });
  });

  describe('who may import', () => {
    it('refuses the public, bidders and monitors outright', async () => {
      expect((await importJson(app, releasePackage)).status).toBe(401);
      for (const token of [world.tokens.bidders[0], world.tokens.monitor, world.tokens.implementer, world.tokens.partner]) {
        const { status, body } = await importJson(app, releasePackage, token);
        expect(status).toBe(403);
        expect(body.error.code).toBe('FORBIDDEN');
      }
    });

    it('refuses an authority releases whose buyer is another organisation, storing nothing', async () => {
      const pkg = structuredClone(releasePackage);
      pkg.releases = [structuredClone(pkg.releases[4])];
      const release = pkg.releases[0];
      release.ocid = 'ocds-7kq2zm-MBT-2026-001';
      release.tender.id = 'MCG/WTR/2026/001';
      release.parties[0] = {
        ...release.parties[0],
        id: 'KE-KRA-P059999999M',
        name: 'County Government of Marsabit',
        identifier: { scheme: 'KE-KRA', id: 'P059999999M' },
      };
      release.buyer = { id: 'KE-KRA-P059999999M', name: 'County Government of Marsabit' };
      const before = await counts(app);
      const { status, body } = await importJson(app, pkg, world.tokens.authority);
      expect(status).toBe(403);
      expect(body.error).toMatchObject({ code: 'FORBIDDEN', reason: 'OCDS_BUYER_NOT_YOURS', ocid: 'ocds-7kq2zm-MBT-2026-001' });
      expect(await counts(app)).toEqual(before);
    });

    it('refuses another authority a procurement that is not its own', async () => {
      const { createOrganisation } = await app.ok(
        'mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
        { input: { name: 'County Government of Marsabit', kind: 'CONTRACTING_AUTHORITY', country: 'KE' } },
        world.tokens.admin,
      );
      await app.ok(
        'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
        {
          input: {
            email: 'officer@marsabit.demo',
            name: 'Abdi Galgalo',
            password: 'marsabit-officer-pw',
            organisationId: createOrganisation.id,
            role: 'ADMIN',
            title: 'Procurement Officer',
          },
        },
        world.tokens.admin,
      );
      const marsabit = await app.login('officer@marsabit.demo', 'marsabit-officer-pw');
      const before = await counts(app);
      const { status, body } = await importJson(app, releasePackage, marsabit);
      expect(status).toBe(403);
      expect(body.error).toMatchObject({ reason: 'OCDS_BUYER_NOT_YOURS', ocid: OCID_A });
      expect(await counts(app)).toEqual(before);
    });

    it("lets the authority import its own procurements' releases", async () => {
      const { status, body } = await importJson(app, releasePackage, world.tokens.authority);
      expect(status).toBe(200);
      expect(body.procurements.map((p: any) => p.status)).toEqual(['unchanged', 'unchanged']);
    });

    it('refuses an authority that tries to replace the IP implementer through an import, storing nothing', async () => {
      await app.ok(`mutation { createOrganisation(input: { name: "Friendly Implementer", kind: IP_IMPLEMENTER }) { id } }`, {}, world.tokens.admin);
      const before = await counts(app);
      const { rows: implementers } = await app.sql.query(`SELECT implementer_id FROM procurements WHERE ocid = $1`, [OCID_A]);
      const tampered = structuredClone(releasePackage);
      for (const release of tampered.releases.filter((r: { ocid: string }) => r.ocid === OCID_A)) {
        release.parties = [
          ...(release.parties ?? []).filter((p: { roles: string[] }) => !p.roles.includes('pactwatchImplementer')),
          { id: 'friendly', name: 'Friendly Implementer', roles: ['pactwatchImplementer'] },
        ];
      }
      const { status, body } = await importJson(app, tampered, world.tokens.authority);
      expect(status).toBe(403);
      expect(body.error.message).toMatch(/replace the IP implementer/);
      expect(await counts(app)).toEqual(before);
      const { rows: after } = await app.sql.query(`SELECT implementer_id FROM procurements WHERE ocid = $1`, [OCID_A]);
      expect(after).toEqual(implementers);
    });
  });

  describe('export', () => {
    let procurementId: string;
    let versionId: string;

    beforeAll(async () => {
      procurementId = await procurementIdOf(app, OCID_A);
      // Make procurement A public: publish its pact, signed by the authority and the awarded bidder.
      const { createPactDraft } = await app.ok(
        'mutation ($input: CreatePactDraftInput!) { createPactDraft(input: $input) { id } }',
        { input: { procurementId } },
        world.tokens.authority,
      );
      const { publishPactDraft } = await app.ok(
        'mutation ($id: ID!) { publishPactDraft(draftId: $id) { id } }',
        { id: createPactDraft.id },
        world.tokens.authority,
      );
      versionId = publishPactDraft.id;
      await app.ok(SIGN, { input: { pactVersionId: versionId, organisationId: world.authorityId, consent: true } }, world.tokens.authority);
      await app.ok(SIGN, { input: { pactVersionId: versionId, organisationId: world.bidderIds[0], consent: true } }, world.tokens.bidders[0]);
      const { rows: monitor } = await app.sql.query('SELECT id FROM users WHERE email = $1', [DEMO_ACCOUNTS.monitor]);
      await app.sql.query(
        `INSERT INTO findings (procurement_id, stage, kind, severity, title, description, visibility, monitor_id, created_by)
         VALUES ($1, 'EVALUATION', 'RED_FLAG', 'HIGH', 'Lowest bid disqualified on a curable defect', 'The lowest bid was set aside for a missing bid security.', 'PUBLIC', $2, $3),
                ($1, 'EVALUATION', 'OBSERVATION', 'MEDIUM', 'Evaluation committee member related to a bidder', 'Under inquiry; not for publication.', 'CONFIDENTIAL', $2, $3)`,
        [procurementId, world.monitorId, monitor[0].id],
      );
    });

    it('gives a public procurement as a release package that validates, with the pact, signatures and public findings', async () => {
      const { status, body } = await get(app, `/ocds/procurements/${procurementId}/release-package.json`);
      expect(status).toBe(200);
      expect(schemaProblems(body)).toEqual([]);
      expect(body).toMatchObject({
        version: '1.1',
        uri: `${app.url}/ocds/procurements/${procurementId}/release-package.json`,
        extensions: [`${app.url}/ocds/extension/extension.json`],
      });
      const [release] = body.releases;
      expect(release).toMatchObject({
        ocid: OCID_A,
        tag: ['tender', 'award', 'contract', 'contractAmendment'],
        buyer: { id: 'KE-KRA-P051200001T', name: 'County Government of Turkana' },
        tender: { id: 'TCG/HLTH/2026/031', status: 'planning', procurementMethod: 'open', value: { amount: 12400000, currency: 'KES' } },
      });
      expect(release.parties.map((p: any) => [p.name, p.roles])).toEqual([
        ['County Government of Turkana', ['buyer']],
        ['Lodwar Medical Supplies Ltd', ['tenderer', 'supplier']],
        ['Rift Valley Pharma Distributors', ['tenderer']],
        ['Turkwel Pharmaceuticals Ltd', ['tenderer']],
        ['Independent Procurement Monitors Ltd', ['pactwatchMonitor']],
        ['Lake Region Integrity Network', ['pactwatchImplementer']],
      ]);
      expect(release.contracts).toEqual([
        {
          id: 'contract-1',
          awardID: 'award-1',
          status: 'active',
          value: { amount: 13145000, currency: 'KES' },
          dateSigned: '2026-05-05T08:00:00.000Z',
          amendments: [
            {
              id: '1',
              date: '2026-09-10T00:00:00.000Z',
              description: 'Additional reagent lots for the cholera response in Turkana North.',
              pactwatch: { newValue: { amount: 13145000, currency: 'KES' } },
            },
          ],
          pactwatch: { signedValue: { amount: 11950000, currency: 'KES' } },
        },
      ]);
      expect(release.bids.details.find((b: any) => b.id === 'bid-2')).toEqual({
        id: 'bid-2',
        date: '2026-03-30T08:55:00.000Z',
        status: 'disqualified',
        tenderers: [{ id: 'KE-KRA-P051200022R', name: 'Rift Valley Pharma Distributors' }],
        value: { amount: 11200000, currency: 'KES' },
        pactwatch: { disqualificationReason: 'No bid security was provided with the bid.' },
      });
      const { pact, findings } = release.pactwatch;
      expect(pact.versions).toEqual([
        expect.objectContaining({
          id: versionId,
          number: 1,
          superseded: false,
          contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          pdfUrl: `${app.url}/pacts/versions/${versionId}/pdf`,
        }),
      ]);
      expect(pact.versions[0].signatures.map((s: any) => [s.organization, s.party, s.signerName])).toEqual([
        [{ id: 'KE-KRA-P051200001T', name: 'County Government of Turkana' }, 'AUTHORITY', 'Amina Ekal'],
        [{ id: 'KE-KRA-P051200011L', name: 'Lodwar Medical Supplies Ltd' }, 'BIDDER', 'Peter Lokorio'],
      ]);
      expect(findings).toEqual([
        expect.objectContaining({
          title: 'Lowest bid disqualified on a curable defect',
          kind: 'RED_FLAG',
          monitor: { id: 'KE-KRA-P051200044M', name: 'Independent Procurement Monitors Ltd' },
        }),
      ]);
    });

    it("never gives a confidential finding or a user's email", async () => {
      for (const path of [`/ocds/procurements/${procurementId}/release-package.json`, '/ocds/record-package.json']) {
        const text = JSON.stringify((await get(app, path, world.tokens.admin)).body);
        expect(text).not.toContain('Evaluation committee member related to a bidder');
        expect(text).not.toContain('Under inquiry');
        expect(text).not.toMatch(/@pactwatch\.demo/);
      }
    });

    it('gives a procurement outside the public registry only to its authority, monitor and implementer and to administrators', async () => {
      const d = await procurementIdOf(app, OCID_D);
      const path = `/ocds/procurements/${d}/release-package.json`;
      expect((await get(app, path)).status).toBe(401);
      expect((await get(app, path, world.tokens.bidders[0])).status).toBe(403);
      for (const token of [world.tokens.authority, world.tokens.admin]) {
        const { status, body } = await get(app, path, token);
        expect(status).toBe(200);
        expect(body.releases[0].ocid).toBe(OCID_D);
      }
      expect((await get(app, '/ocds/procurements/00000000-0000-4000-8000-000000000000/release-package.json')).status).toBe(404);
    });

    it('gives the public registry as a record package: the procurements with a published pact, and no other', async () => {
      const { status, body } = await get(app, '/ocds/record-package.json');
      expect(status).toBe(200);
      expect(schemaProblems(body)).toEqual([]);
      expect(body.records.map((r: any) => r.ocid)).toEqual([OCID_A]);
      const [record] = body.records;
      expect(record.releases).toEqual([
        {
          url: `${app.url}/ocds/procurements/${procurementId}/release-package.json`,
          date: record.compiledRelease.date,
          tag: ['tender', 'award', 'contract', 'contractAmendment'],
        },
      ]);
      expect(record.compiledRelease.tag).toEqual(['compiled']);
    });

    it('serves the extension its packages name', async () => {
      const { status, body } = await get(app, '/ocds/extension/extension.json');
      expect(status).toBe(200);
      expect(body).toMatchObject({ compatibility: ['1.1'], schemas: ['release-schema.json'], codelists: ['+partyRole.csv'] });
      expect((await get(app, '/ocds/extension/release-schema.json')).body.definitions.PactwatchRelease).toBeDefined();
      const codelist = await fetch(`${app.url}/ocds/extension/codelists/%2BpartyRole.csv`);
      expect(await codelist.text()).toMatch(/^Code,Title,Description\npactwatchMonitor,/);
      expect((await get(app, '/ocds/extension/secrets.json')).status).toBe(404);
    });
  });

  describe('command line', () => {
    let databaseUrl: string;
    let folder: string;
    const cli = (command: string, args: string[]) =>
      run(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/cli.ts', command, ...args], {
        env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const packageFile = async (name: string, ocid: string, change: (release: any) => void = () => undefined) => {
      const pkg = structuredClone(releasePackage);
      pkg.releases = [{ ...structuredClone(pkg.releases[4]), ocid, id: ocid, tender: { ...pkg.releases[4].tender, id: ocid } }];
      change(pkg.releases[0]);
      await writeFile(join(folder, name), JSON.stringify(pkg));
      return join(folder, name);
    };

    beforeAll(async () => {
      databaseUrl = await databaseUrlOf(app);
      folder = await mkdtemp(join(tmpdir(), 'pactwatch-ocds-'));
    });

    it('ocds:import imports a file (exit 0), lists the problems of an invalid one and refuses a user who may not (exit 1)', async () => {
      const before = await counts(app);
      // Each run boots the platform; they are independent, so they run side by side.
      const [imported, invalid, asBidder] = await Promise.all([
        cli('ocds:import', [await packageFile('good.json', 'ocds-7kq2zm-CLI-1')]),
        cli('ocds:import', [
          await packageFile('bad.json', 'ocds-7kq2zm-CLI-2', (release) => {
            release.tender.value.currency = 'KSH';
            delete release.date;
          }),
        ]),
        cli('ocds:import', [await packageFile('bidder.json', 'ocds-7kq2zm-CLI-3'), '--as', DEMO_ACCOUNTS.bidders[0]]),
      ]);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/imported 1 procurement\(s\) from 1 release\(s\): 1 created, 0 updated, 0 unchanged/);
      expect(imported.stdout).toMatch(/created\s+ocds-7kq2zm-CLI-1/);
      const { rows } = await app.sql.query(
        `SELECT actor_id, data->>'via' AS via FROM audit_entries WHERE action = 'ocds.imported' AND data->>'ocid' = 'ocds-7kq2zm-CLI-1'`,
      );
      expect(rows).toEqual([{ actor_id: null, via: 'cli' }]);

      expect(invalid.code).toBe(1);
      expect(invalid.stdout).toContain('refused: The OCDS package has 2 problems; nothing was imported');
      expect(invalid.stdout).toContain('/releases/0/date: is required');
      expect(invalid.stdout).toContain('/releases/0/tender/value/currency: must be an ISO 4217 currency code');

      expect(asBidder.code).toBe(1);
      expect(asBidder.stdout).toMatch(/refused: You may not import ocds-7kq2zm-CLI-3/);
      expect(await counts(app)).toMatchObject({ procurements: before.procurements + 1 });
    }, 180_000);

    it('ocds:export writes the public registry as a record package', async () => {
      const out = join(folder, 'registry.json');
      const exported = await cli('ocds:export', [out, '--base-url', 'https://pactwatch.example.org']);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain('wrote 1 record(s)');
      const written = JSON.parse(await readFile(out, 'utf8'));
      expect(schemaProblems(written)).toEqual([]);
      expect(written).toMatchObject({
        uri: 'https://pactwatch.example.org/ocds/record-package.json',
        version: '1.1',
        extensions: ['https://pactwatch.example.org/ocds/extension/extension.json'],
      });
      expect(written.records.map((r: any) => r.ocid)).toEqual([OCID_A]);
    }, 120_000);
  });

  describe('round trip', () => {
    let other: TestApp;

    beforeAll(async () => {
      other = await startTestApp({ ocdsImportMaxBytes: 256 * 1024 });
    });
    afterAll(() => other?.close());

    it('export, import into another installation, export again: the same data', async () => {
      const registry = (await get(app, '/ocds/record-package.json')).body;
      const first = (await get(app, `/ocds/procurements/${await procurementIdOf(app, OCID_A)}/release-package.json`)).body.releases[0];
      const admin = await other.login(DEMO_ACCOUNTS.admin);

      const imported = await importJson(other, registry, admin);
      expect(imported.status).toBe(200);
      expect(imported.body.procurements).toEqual([{ ocid: OCID_A, id: expect.any(String), status: 'created' }]);
      const second = (await get(other, `/ocds/procurements/${imported.body.procurements[0].id}/release-package.json`, admin)).body.releases[0];

      // What only the first installation can hold: its release id and date, and the pact, signatures, findings and
      // stage history, which are records made on the platform, not data an import may recreate.
      const comparable = (release: any) => {
        const { id: _id, date: _date, pactwatch, ...rest } = release;
        return { ...rest, pactwatch: { stage: pactwatch.stage, sector: pactwatch.sector, area: pactwatch.area } };
      };
      expect(second.pactwatch.pact).toBeUndefined();
      expect(comparable(second)).toEqual(comparable(first));

      const again = await importJson(other, { ...registry, records: [{ ocid: OCID_A, releases: [second], compiledRelease: second }] }, admin);
      expect(again.body.procurements).toEqual([{ ocid: OCID_A, id: imported.body.procurements[0].id, status: 'unchanged' }]);
    });

    it("gives the platform's own procurements an ocid that brings an import of their export back onto them", async () => {
      // Publishing the demo procurement's pact puts it in the public registry; it has no ocid of its own.
      const { publishPactDraft } = await app.ok('mutation ($id: ID!) { publishPactDraft(draftId: $id) { id } }', { id: world.draftId }, world.tokens.authority);
      expect(publishPactDraft.id).toBeDefined();
      const registry = (await get(app, '/ocds/record-package.json')).body;
      const ocid = `ocds-pactwatch-${world.procurementId}`;
      // Oldest procurement first: the demo one was seeded before any import.
      expect(registry.records.map((r: any) => r.ocid)).toEqual([ocid, OCID_A]);
      expect(schemaProblems(registry)).toEqual([]);

      const before = await counts(app);
      const { status, body } = await importJson(app, registry, world.tokens.admin);
      expect(status).toBe(200);
      expect(body.procurements).toEqual([
        { ocid, id: world.procurementId, status: 'unchanged' },
        { ocid: OCID_A, id: await procurementIdOf(app, OCID_A), status: 'unchanged' },
      ]);
      expect(await counts(app)).toEqual(before);
    });

    it('refuses a package above OCDS_IMPORT_MAX_BYTES with 413, as JSON and as a file', async () => {
      const admin = await other.login(DEMO_ACCOUNTS.admin);
      const oversized = JSON.stringify({ ...releasePackage, padding: 'x'.repeat(300 * 1024) });
      for (const refused of [await importJson(other, oversized, admin), await importFile(other, oversized, admin)]) {
        expect(refused.status).toBe(413);
        expect(refused.body.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OCDS_PACKAGE_TOO_LARGE', maxBytes: 256 * 1024 });
      }
    });
  });
});
