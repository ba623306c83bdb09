import { MONITORED_PROCUREMENT_REFERENCE } from '../src/seed/monitored-procurement-seed.service.js';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest, signIn, heading, submit } from './support/browser.js';
import { countQueries } from './support/query-counter.js';
import { DEMO_ACCOUNTS, demoWorld, type DemoWorld } from './support/demo.js';

const REF = MONITORED_PROCUREMENT_REFERENCE;
/** Small, so a file over the limit is quick to send. */
const EVIDENCE_MAX_BYTES = 64 * 1024;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The independent monitor's journey on the website (issue 12, item 3). */
describe("the independent monitor's pages", () => {
  let web: WebTest;
  let world: DemoWorld;
  let procurementId: string;
  const findingsCount = async () =>
    (await web.app.ok(`query ($id: ID!) { findings(procurementId: $id) { totalCount } }`, { id: procurementId }, world.tokens.monitor)).findings.totalCount;

  beforeAll(async () => {
    web = await startWebTest({ evidenceMaxBytes: EVIDENCE_MAX_BYTES }, { monitoringDemo: true });
    world = await demoWorld(web.app);
    const { procurements } = await web.app.ok(`{ procurements(page: { limit: 200 }) { items { id reference } } }`, {}, world.tokens.monitor);
    procurementId = procurements.items.find((p: { reference: string }) => p.reference === REF).id;
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it('shows what waits on the monitor, and records a finding with an evidence file, edits it, sets its status and adds a note (JavaScript off)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    expect(new URL(page.url()).pathname).toBe('/workspace');
    await page.getByRole('heading', { name: 'Red flags waiting for your decision' }).waitFor();
    expect(await page.getByRole('link', { name: new RegExp(`^Decide on red flag R\\d+ ${REF}$`) }).count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: `Sign off or object: Tender preparation ${REF}` }).waitFor();
    await page.getByRole('link', { name: `Sign off or object: Award ${REF}` }).waitFor();

    const before = await findingsCount();
    await page.getByRole('link', { name: `Record a finding ${REF}` }).click();
    expect(await heading(page)).toBe('Record a finding');

    // An empty title: the form comes back with the message beside the field, what was typed kept.
    await page.getByLabel('Non-compliance').check();
    await page.getByLabel('What you observed').fill('Contract signed before the standstill period ended.');
    await page.getByLabel('High', { exact: true }).check();
    expect(await submit(page, 'Record the finding')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Give the finding a title of 3 to 300 characters' }).waitFor();
    expect(await page.getByLabel('What you observed').inputValue()).toBe('Contract signed before the standstill period ended.');
    expect(await page.getByLabel('High', { exact: true }).isChecked()).toBe(true);

    // A file of a refused type, then one over the limit: each refused beside the file field, nothing recorded.
    await page.getByLabel('Title').fill('Standstill period not observed');
    await page
      .getByLabel('Evidence file (optional)')
      .setInputFiles({ name: 'run-me.html', mimeType: 'text/html', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    expect(await submit(page, 'Record the finding')).toBe(400);
    await page
      .getByRole('alert')
      .getByRole('link', { name: /The file must be a PDF/ })
      .waitFor();
    await page
      .getByLabel('Evidence file (optional)')
      .setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES)]) });
    expect(await submit(page, 'Record the finding')).toBe(400);
    await page
      .getByRole('alert')
      .getByRole('link', { name: /The file is too large/ })
      .waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe('Standstill period not observed');
    expect(await findingsCount()).toBe(before);

    await page.getByLabel('Evidence file (optional)').setInputFiles({ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await submit(page, 'Record the finding')).toBe(303);
    expect(await heading(page)).toBe('Standstill period not observed');
    await page.getByRole('link', { name: 'minutes.pdf' }).waitFor();
    expect(await findingsCount()).toBe(before + 1);
    const findingUrl = new URL(page.url()).pathname;
    const evidence = await page.request.get((await page.getByRole('link', { name: 'minutes.pdf' }).getAttribute('href'))!);
    expect(evidence.headers()['content-type']).toBe('application/pdf');

    await page.getByRole('link', { name: 'Edit the finding' }).click();
    await page.getByLabel('Title').fill('Standstill period of 14 days not observed');
    await page.getByLabel('Critical').check();
    await submit(page, 'Save the changes');
    expect(await heading(page)).toBe('Standstill period of 14 days not observed');
    await page.getByText('Critical').waitFor();

    await page.getByLabel('Escalated').check();
    await page.getByLabel('Why (optional)').fill('No answer from the authority in 10 days.');
    expect(await submit(page, 'Set the status')).toBe(303);
    expect(await page.getByRole('main').getByText('Escalated').count()).toBeGreaterThan(0);

    const secret = 'Internal: the procurement officer is a cousin of the supplier director';
    await page.getByLabel('Add an internal note').fill(secret);
    expect(await submit(page, 'Add the note')).toBe(303);
    await page.getByText(secret).waitFor();
    expect(new URL(page.url()).pathname).toBe(findingUrl);

    // The note never reaches the public case file.
    const { page: visitor } = await web.visit({ javaScript: false });
    await visitor.goto(`/procurements/${REF}`);
    expect(await visitor.content()).not.toContain('cousin of the supplier');
  });

  it('stores a double-submitted form once', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    await page.goto(`/workspace/procurements/${procurementId}/findings/new`);
    const token = (await page.locator('input[name="_csrf"]').first().getAttribute('value'))!;
    const before = await findingsCount();
    const send = () =>
      page.request.post(`/workspace/procurements/${procurementId}/findings/new`, {
        multipart: { _csrf: token, kind: 'OBSERVATION', title: 'Sent twice', description: 'Double click', severity: 'LOW', visibility: 'CONFIDENTIAL' },
        maxRedirects: 0,
      });
    const [first, second] = [await send(), await send()];
    expect([first.status(), second.status()]).toEqual([303, 409]);
    expect(await findingsCount()).toBe(before + 1);
  });

  it('dismisses a red flag with a reason (confirming one needs a severity), and objects to one stage and signs off another', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    const flags = page.getByRole('link', { name: new RegExp(`^Decide on red flag R\\d+ ${REF}$`) });
    const waiting = await flags.count();
    expect(waiting).toBeGreaterThanOrEqual(1);

    await flags.first().click();
    expect(await submit(page, 'Record the decision')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Choose to confirm or dismiss the red flag' }).waitFor();
    // Confirming needs the severity of the finding it becomes.
    await page.getByLabel('Confirm it', { exact: true }).check();
    await page.getByLabel('Your reason', { exact: true }).fill('x');
    expect(await submit(page, 'Record the decision')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Choose the severity of the finding' }).waitFor();
    await page.getByRole('alert').getByRole('link', { name: 'Give your reason, in 3 to 2,000 characters' }).waitFor();
    await page.getByLabel('Dismiss it', { exact: true }).check();
    await page.getByLabel('Your reason', { exact: true }).fill('The estimate was revised upwards before the tender; the award is within it.');
    expect(await submit(page, 'Record the decision')).toBe(303);
    await page.getByText('This red flag has been decided.').waitFor();
    await page.getByText('The estimate was revised upwards before the tender; the award is within it.').waitFor();
    await page.goto('/workspace');
    expect(await flags.count()).toBe(waiting - 1);

    await page.getByRole('link', { name: `Sign off or object: Tender preparation ${REF}` }).click();
    await page.getByLabel('Object to it').check();
    expect(await submit(page, 'Record the decision')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Say why you object' }).waitFor();
    await page.getByLabel('Your reason (required to object)').fill('Tender documents were not shared with the monitor before publication.');
    expect(await submit(page, 'Record the decision')).toBe(303);
    await page.getByText(/You objected to this stage on/).waitFor();

    await page.goto('/workspace');
    await page.getByRole('link', { name: `Sign off or object: Award ${REF}` }).click();
    await page.getByLabel('Sign it off').check();
    expect(await submit(page, 'Record the decision')).toBe(303);
    await page.getByText(/You signed off this stage on/).waitFor();
    await page.goto('/workspace');
    expect(await page.getByRole('link', { name: new RegExp(`^Sign off or object: .* ${REF}$`) }).count()).toBe(0);
  });

  it('tells a bidder opening the monitor’s finding form that it is not allowed', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.bidders[0]);
    const response = await page.goto(`/workspace/procurements/${procurementId}/findings/new`);
    expect(response!.status()).toBe(403);
    expect(await heading(page)).toBe('You are not allowed to see this page');
    const flag = await page.goto(`/workspace/procurements/${procurementId}/sign-offs/AWARD`);
    expect(flag!.status()).toBe(403);
  });

  it('answers the home and a list of findings in a constant number of SQL statements', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const get = (path: string) => () => fetch(`${web.app.url}${path}`, { headers: { cookie: `pactwatch-session=${cookie.value}` } });
    const home = await countQueries(web.app, get('/workspace'));
    expect(home.result.status).toBe(200);
    // The session, the user, the bidder's two lists, the monitor's three, its procurements' reports (and at most one touch of the session).
    expect(home.queries).toBeLessThanOrEqual(9);
    const list = await countQueries(web.app, get(`/workspace/procurements/${procurementId}/findings`));
    expect(list.result.status).toBe(200);
    expect(list.queries).toBeLessThanOrEqual(9);
  });

  it.each(['en', 'ar'])(
    'has no serious accessibility problem on the monitor’s pages in %s',
    async (lang) => {
      const { page } = await web.visit();
      await signIn(page, DEMO_ACCOUNTS.monitor);
      await page.goto(`/workspace?lang=${lang}`);
      await expectAccessible(page);
      await page.goto(`/workspace/procurements/${procurementId}/findings/new`);
      await expectAccessible(page);
      await page.goto(`/workspace/procurements/${procurementId}/findings`);
      await expectAccessible(page);
      const finding = await page.getByRole('main').getByRole('listitem').getByRole('link').first().getAttribute('href');
      await page.goto(finding!);
      await expectAccessible(page);
      await page.goto(`/workspace/procurements/${procurementId}/sign-offs/AWARD`);
      await expectAccessible(page);
      // The pact as the monitor reads it: the authority's text, the comments and its own comment form.
      await page.goto(`/workspace/procurements/${procurementId}/pact`);
      await expectAccessible(page);
      const { procurement } = await web.app.ok(`query ($id: ID!) { procurement(id: $id) { redFlags { id } } }`, { id: procurementId }, world.tokens.monitor);
      await page.goto(`/workspace/red-flags/${procurement.redFlags[0].id}`);
      await expectAccessible(page);
    },
    WEB_SETUP_TIMEOUT,
  );
});
