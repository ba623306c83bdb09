import { lodge } from './support/complaints.js';
import { DEMO_PROCUREMENT_REFERENCE, PUBLISH, demoWorld, type DemoWorld } from './support/demo.js';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type VisitorPage, type WebTest } from './support/browser.js';

const MONITORED = 'TCG/WTR/2026/003';
const MONITORED_TITLE = 'Drilling and equipping of community boreholes in Loima sub-county';

/** Role-only facts: made below by the monitor, or seeded (src/seed/): none may reach a public page. */
const CONFIDENTIAL_TITLE = 'Rig seen idle at Lokiriama site for three weeks';
const INTERNAL_NOTE = 'Ask the county auditor for the drilling logs before the next report';
/** A complainant's number, given so updates come by SMS: only those handling the complaint may see it. */
const COMPLAINANT_PHONE = '+254711222333';
const COMPLAINT_TEXT = 'The contractor asked the water committee for money before drilling at Lokiriama';
/** A tender under a published pact with a bid recorded and no award yet: its price stays sealed. */
const OPEN_TENDER = { reference: 'TCG/WTR/2026/017', title: 'Rehabilitation of water pans in Turkana West' };
const SEALED_PRICE = ['38417250', '38,417,250'];
const DISMISSAL_REASON = 'The estimate predates the 2026 price list; no concern remains';
const SEEDED_ROLE_ONLY = [
  // The draft procurement: its pact is not published, so it is not in the public record.
  'Supply of essential medicines to county health facilities',
  // Red flag PW-001 stays open for the monitor's review; red flags are never public.
  'Award far above the estimate',
];

/** Journeys 1 and 2 of the website: the register of pacts and a procurement's case file, as a visitor uses them. */
describe('the public register and case file in a browser', () => {
  let web: WebTest;
  let world: DemoWorld;
  /** The titles of the monitored procurement's red flags the monitor did not confirm (open or dismissed): never public. */
  let unconfirmedFlags: string[];

  beforeAll(async () => {
    web = await startWebTest({}, { monitoringDemo: true });
    world = await demoWorld(web.app);
    const { rows } = await web.app.sql.query<{ id: string }>('SELECT id FROM procurements WHERE reference = $1', [MONITORED]);
    const { recordFinding } = await web.app.ok(
      `mutation ($input: RecordFindingInput!) { recordFinding(input: $input) { id } }`,
      { input: { procurementId: rows[0].id, kind: 'OBSERVATION', severity: 'MEDIUM', title: CONFIDENTIAL_TITLE, description: 'Seen on a site visit.' } },
      world.tokens.monitor,
    );
    await web.app.ok(
      `mutation ($input: AddFindingNoteInput!) { addFindingNote(input: $input) { id } }`,
      { input: { findingId: recordFinding.id, body: INTERNAL_NOTE } },
      world.tokens.monitor,
    );
    for (let n = 0; n < 6; n++)
      await lodge(web.app, { procurementReference: MONITORED, phone: COMPLAINANT_PHONE, description: `${COMPLAINT_TEXT} (${n + 1}).` });

    // The monitor dismisses one raised flag and leaves the others open.
    const FLAGS = `query ($id: ID!) { procurement(id: $id) { redFlags { id code status triggered indicator { title } } } }`;
    type Flag = { id: string; code: string; status: string; triggered: boolean; indicator: { title: string } };
    const raised = ((await web.app.ok(FLAGS, { id: rows[0].id }, world.tokens.monitor)).procurement.redFlags as Flag[]).filter((f) => f.triggered);
    const dismissed = raised.find((f) => f.status === 'OPEN' && f.code !== 'PW-001')!;
    await web.app.ok(
      `mutation ($input: DismissRedFlagInput!) { dismissRedFlag(input: $input) { id } }`,
      { input: { redFlagId: dismissed.id, reason: DISMISSAL_REASON } },
      world.tokens.monitor,
    );
    unconfirmedFlags = raised.filter((f) => f.status !== 'CONFIRMED').map((f) => f.indicator.title);
    expect(unconfirmedFlags).toEqual(expect.arrayContaining([dismissed.indicator.title, 'Award far above the estimate']));

    const { createProcurement } = await web.app.ok(
      `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
      { input: { ...OPEN_TENDER, authorityId: world.authorityId, monitorId: world.monitorId, implementerId: world.implementerId } },
      world.tokens.authority,
    );
    const { createPactDraft } = await web.app.ok(
      `mutation ($p: ID!) { createPactDraft(input: { procurementId: $p }) { id } }`,
      { p: createProcurement.id },
      world.tokens.authority,
    );
    await web.app.ok(PUBLISH, { draftId: createPactDraft.id }, world.tokens.authority);
    await web.app.ok(
      `mutation ($input: AddBidderInput!) { addBidder(input: $input) { bidderId } }`,
      { input: { procurementId: createProcurement.id, bidderId: world.bidderIds[2] } },
      world.tokens.authority,
    );
    await web.app.ok(
      `mutation ($input: RecordBidInput!) { recordBid(input: $input) { id } }`,
      { input: { procurementId: createProcurement.id, bidderId: world.bidderIds[2], amount: '38417250.00', receivedAt: '2026-11-20T08:00:00Z' } },
      world.tokens.authority,
    );
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it('finds TCG/WTR/2026/003 by a word of its title and opens its case file with the signed pact, without JavaScript', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Watching public procurement, together');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register of procurements' }).click();
    await page.getByLabel('Search', { exact: true }).fill('borehole');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Procurements found: 1').waitFor();
    await page.getByRole('link', { name: MONITORED }).click();

    expect(new URL(page.url()).pathname).toBe(`/procurements/${MONITORED}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(MONITORED_TITLE);
    expect(await page.getByRole('heading', { name: /Version 1/ }).innerText()).toContain('Current');
    const signatures = page.getByRole('table', { name: 'Signatures of version 1' });
    expect(await signatures.getByRole('row', { name: /County Government of Turkana \(contracting authority\)/ }).innerText()).toContain('Amina Ekal');
    await signatures.getByRole('row', { name: /Lodwar Medical Supplies Ltd \(bidder\)/ }).waitFor();
    await page.getByRole('heading', { name: 'Bid opening held in public with all bidders present' }).waitFor();
    await page.getByText('The committee applied clause 2.14 strictly', { exact: false }).waitFor();

    // The documents the page links to are the platform's own, served as they are elsewhere.
    for (const [name, type] of [
      ['PDF', 'application/pdf'],
      ['Canonical JSON', 'application/json'],
      ['OCDS release package (JSON)', 'application/json'],
    ]) {
      const href = await page.getByRole('link', { name, exact: true }).first().getAttribute('href');
      const response = await page.request.get(href!);
      expect({ name, status: response.status(), type: response.headers()['content-type'] }).toEqual({ name, status: 200, type: expect.stringContaining(type) });
    }
    const reports = page.getByRole('heading', { name: 'Monitoring reports' });
    await reports.waitFor();
    await page.getByRole('link', { name: /^Monitoring report / }).waitFor();
  });

  it('shows the confirmed red flags, the published sign-offs and objections, each signature checked, and the complaint figures', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto(`/procurements/${MONITORED}`);

    // Every signature of the demo pact verifies with the platform's key; the page says so, and how to check it offline.
    const signatures = page.getByRole('table', { name: 'Signatures of version 1' });
    const rows = signatures.getByRole('row').filter({ has: page.getByRole('cell') });
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    for (const row of await rows.all()) expect(await row.innerText()).toContain("Verified with the platform's public key");
    expect(await page.getByText('Does not verify').count()).toBe(0);
    const offline = page.getByRole('link', { name: "Check a signature yourself, offline, with the platform's public key" });
    expect(await offline.getAttribute('href')).toBe('/verify/offline');
    expect((await page.request.get('/verify/offline')).status()).toBe(200);

    await page.getByRole('heading', { name: 'Red flags confirmed by the monitor' }).waitFor();
    const flags = page.getByRole('listitem').filter({ hasText: 'Lowest bid disqualified (R036)' });
    expect(await flags.innerText()).toMatch(/^Lowest bid disqualified \(R036\), confirmed on \w+ \d+, 2026$/);

    const signOffs = page.getByRole('table', { name: "The monitor's decisions by stage" });
    expect(await signOffs.getByRole('row', { name: /Tender open/ }).innerText()).toContain('Signed off');
    const objection = await signOffs.getByRole('row', { name: /Evaluation/ }).innerText();
    expect(objection).toContain('Objected');
    expect(objection).toContain('The lowest bid was disqualified without the cure period the tender documents provide.');

    // Six complaints lodged: the total is shown, and any count of 1 to 4 (or one that would give it back) is withheld.
    await page.getByRole('heading', { name: 'Complaints about this procurement' }).waitFor();
    await page.getByText('Complaints in all: 6.').waitFor();
    const byStatus = page.getByRole('table', { name: 'Complaints by status' });
    for (const row of await byStatus
      .getByRole('row')
      .filter({ has: page.getByRole('cell') })
      .all()) {
      const count = (await row.getByRole('cell').nth(1).innerText()).trim();
      expect(count === 'withheld' || Number(count) >= 5).toBe(true);
    }
    await page.getByText('To protect the people who complain, a count below 5 is withheld', { exact: false }).waitFor();
  });

  it('withholds the complaint total of a procurement with fewer than five complaints', async () => {
    const { page } = await web.visit({ javaScript: false });
    await lodge(web.app, { procurementReference: OPEN_TENDER.reference, phone: COMPLAINANT_PHONE, description: `${COMPLAINT_TEXT} (water pans).` });
    await page.goto(`/procurements/${OPEN_TENDER.reference}`);
    await page.getByText('The number of complaints is withheld.').waitFor();
    await page.getByText('The monitor has confirmed no red flag.').waitFor();
    await page.getByText('No sign-off or objection is published yet.').waitFor();
  });

  it('filters by authority, stage and sector with plain links and forms', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/procurements');
    await page.getByLabel('Contracting authority').selectOption({ label: 'County Government of Turkana' });
    await page.getByLabel('Stage').selectOption({ label: 'Award' });
    await page.getByLabel('Sector').selectOption({ label: 'Water' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: MONITORED }).waitFor();
    expect(await page.getByLabel('Stage').inputValue()).toBe('AWARD');

    await page.getByLabel('Stage').selectOption({ label: 'Planning' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No procurement matches.', { exact: false }).waitFor();
  });

  it('answers a bad address with a page and a 4xx, never a server error', async () => {
    const { page } = await web.visit({ javaScript: false });
    for (const [path, status, heading] of [
      [`/procurements/${DEMO_PROCUREMENT_REFERENCE}`, 404, 'Page not found'],
      ['/procurements/NO/SUCH/REFERENCE', 404, 'Page not found'],
      ['/procurements?page=abc', 400, 'This address is not valid'],
      ['/procurements?page=0', 400, 'This address is not valid'],
      ['/procurements?stage=NOT_A_STAGE', 400, 'This address is not valid'],
      ['/procurements?authority=not-a-uuid', 400, 'This address is not valid'],
    ] as const) {
      const response = await page.goto(path);
      expect({ path, status: response!.status() }).toEqual({ path, status });
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(heading);
    }
    for (const path of [
      '/procurements/%E0%A4%A',
      `/procurements?q=${'x'.repeat(5000)}`,
      '/procurements?q=%00',
      '/procurements?page=1e400',
      '/procurements?q=a&q=b',
    ]) {
      const status = (await page.request.get(path)).status();
      expect({ path: path.slice(0, 40), status, clientError: status >= 400 && status < 500 }).toEqual({ path: path.slice(0, 40), status, clientError: true });
    }
    const beyond = await page.goto('/procurements?page=500');
    expect(beyond!.status()).toBe(200);
    await page.getByText('No procurement matches.', { exact: false }).waitFor();
  });

  it('answers an unknown address with a "Page not found" page for a browser, in its language, and with JSON for an API client', async () => {
    const { page } = await web.visit({ javaScript: false, locale: 'fr-FR' });
    const response = await page.goto('/no/such/page');
    expect(response!.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page introuvable');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
    await page.getByRole('link', { name: 'Registre des marchés' }).first().waitFor();

    const arabic = await page.goto('/nothing-here?lang=ar');
    expect(arabic!.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('الصفحة غير موجودة');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');

    for (const accept of ['application/json', '*/*', undefined]) {
      const api = await fetch(`${web.app.url}/no/such/page`, { headers: accept ? { accept } : {} });
      expect({ accept, status: api.status, type: api.headers.get('content-type') }).toEqual({
        accept,
        status: 404,
        type: expect.stringContaining('application/json'),
      });
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
    // A form posted to nowhere is not a page to show: the API's answer.
    const posted = await fetch(`${web.app.url}/no/such/page`, { method: 'POST', headers: { accept: 'text/html' } });
    expect(posted.status).toBe(404);
    expect(posted.headers.get('content-type')).toContain('application/json');
  });

  it('shows the "Page not found" page without an accessibility violation', async () => {
    const { page } = await web.visit();
    for (const lang of ['en', 'ar']) {
      expect((await page.goto(`/no/such/page?lang=${lang}`))!.status()).toBe(404);
      await expectAccessible(page);
    }
  });

  it('fits a 360-pixel-wide phone in English and Arabic: the register and signatures stack as cards, still tables to a screen reader', async () => {
    const { page } = await web.visit();
    await page.setViewportSize({ width: 360, height: 740 });
    for (const lang of ['en', 'ar']) {
      for (const path of ['/', '/procurements', `/procurements/${MONITORED}`]) {
        await page.goto(`${path}?lang=${lang}`);
        const width = await page.evaluate<number>('document.documentElement.scrollWidth');
        expect({ lang, path, width }).toEqual({ lang, path, width: 360 });
        await expectAccessible(page);
      }
    }
    await page.goto(`/procurements?lang=en`);
    const row = page.getByRole('table', { name: 'Procurements' }).getByRole('row', { name: new RegExp(MONITORED) });
    // On a phone each cell is named on screen by its column, which a card has no header row to show.
    const authority = row.getByRole('cell', { name: 'County Government of Turkana' });
    // The test's TypeScript knows no DOM: the browser's getComputedStyle is described here.
    type Styles = { getComputedStyle(element: unknown, pseudo: string): { content: string } };
    const label = await authority.evaluate((cell) => (globalThis as unknown as Styles).getComputedStyle(cell, '::before').content);
    expect(label).toContain('Contracting authority');
  }, 120_000); // Six pages, each checked with axe: more than the default time on a busy machine.

  it('never puts what only a role may see into the HTML of the public pages', async () => {
    const { page } = await web.visit();
    const secrets = [
      CONFIDENTIAL_TITLE,
      INTERNAL_NOTE,
      ...SEEDED_ROLE_ONLY,
      ...unconfirmedFlags,
      DISMISSAL_REASON,
      COMPLAINANT_PHONE,
      COMPLAINANT_PHONE.replace('+254', '0'),
      COMPLAINT_TEXT,
      ...SEALED_PRICE,
    ];
    const paths = [
      '/',
      '/procurements',
      `/procurements/${MONITORED}`,
      `/procurements/${OPEN_TENDER.reference}`,
      `/procurements?q=${encodeURIComponent('medicines')}`,
    ];
    for (const path of paths) {
      await page.goto(path);
      const html = await page.content();
      for (const secret of secrets) expect({ path, leaks: html.includes(secret) ? secret : null }).toEqual({ path, leaks: null });
    }
    // The tender's case file is public: only its sealed bid is not.
    await page.goto(`/procurements/${OPEN_TENDER.reference}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(OPEN_TENDER.title);
    // The bid exists, and its bidder reads it through GraphQL.
    const { procurement } = await web.app.ok(
      `query ($id: ID!) { procurement(id: $id) { bids { amount } } }`,
      { id: (await web.app.sql.query('SELECT id FROM procurements WHERE reference = $1', [OPEN_TENDER.reference])).rows[0].id },
      world.tokens.bidders[2],
    );
    expect(procurement.bids).toEqual([{ amount: '38417250.00' }]);
    // The monitor sees the confidential finding through GraphQL: it exists, the page just does not show it.
    const { caseFile } = await web.app.ok(`query ($r: String!) { caseFile(reference: $r) { findings { title } } }`, { r: MONITORED }, world.tokens.monitor);
    expect(caseFile.findings.map((f: { title: string }) => f.title)).toContain(CONFIDENTIAL_TITLE);
  });

  it('asks no other host for anything, and breaks no rule of its Content-Security-Policy', async () => {
    const visitor: VisitorPage = await web.visit();
    const { page } = visitor;
    for (const path of ['/', '/procurements', `/procurements/${MONITORED}`, '/procurements/NO/SUCH']) await page.goto(path);
    const origin = new URL(web.app.url).origin;
    expect(visitor.requests.length).toBeGreaterThan(4);
    expect(visitor.requests.filter((url) => url.origin !== origin).map(String)).toEqual([]);
    expect(visitor.requests.some((url) => url.pathname === '/assets/pactwatch.css')).toBe(true);
    for (const path of ['/', `/procurements/${MONITORED}`, '/procurements/NO/SUCH']) {
      const policy = (await page.request.get(path)).headers()['content-security-policy'];
      expect({ path, policy }).toEqual({ path, policy: expect.stringContaining("default-src 'self'; script-src 'self'; style-src 'self'") });
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
    // The 404 page logs its status as an error; anything else would be a refused script or style.
    expect(visitor.consoleErrors.filter((text) => !/status of 404/.test(text))).toEqual([]);
  });
});
