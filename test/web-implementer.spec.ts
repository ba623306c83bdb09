import { MONITORED_PROCUREMENT_REFERENCE } from '../src/seed/monitored-procurement-seed.service.js';
import { expectAccessible, heading, signIn, startWebTest, submit, WEB_SETUP_TIMEOUT, type WebTest } from './support/browser.js';
import { DEMO_ACCOUNTS, demoWorld, type DemoWorld } from './support/demo.js';
import { countQueries } from './support/query-counter.js';

const REF = MONITORED_PROCUREMENT_REFERENCE;
const TITLE = 'Drilling and equipping of community boreholes in Loima sub-county';
const SUMMARY = 'Bid opening was observed in full; the evaluation is the concern of this period.';
const CONTRIBUTION = 'The monitor attended the site visit of 14 October with two of the bidders.';

/** The IP implementer's journey on the website (issue 12, item 4), with the monitor's contribution to a report. */
describe("the IP implementer's pages", () => {
  let web: WebTest;
  let world: DemoWorld;
  let procurementId: string;
  /** The report the journey starts, approves and publishes. */
  let reportUrl: string;

  beforeAll(async () => {
    web = await startWebTest({}, { monitoringDemo: true });
    world = await demoWorld(web.app);
    const { procurements } = await web.app.ok(`{ procurements(page: { limit: 200 }) { items { id reference } } }`, {}, world.tokens.implementer);
    procurementId = procurements.items.find((p: { reference: string }) => p.reference === REF).id;
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it("sees its procurements' reports on the workspace home and starts a report from a template, bad periods re-shown beside the fields (JavaScript off)", async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.implementer);
    expect(new URL(page.url()).pathname).toBe('/workspace');
    await page.getByRole('heading', { name: 'Monitoring reports' }).waitFor();
    expect(await page.getByRole('row', { name: new RegExp(REF) }).innerText()).toContain('Drafts: 0, approved: 0, published: 1');

    await page.getByRole('link', { name: `Reports ${REF}` }).click();
    expect(await heading(page)).toBe('Reports');
    await page.getByRole('link', { name: /^Published report \(PDF\)/ }).waitFor();

    // A periodic report without its period, then with its end before its start.
    await page.getByLabel('Template').selectOption('standard');
    await page.getByLabel('Language of the report').selectOption('en');
    await page.getByLabel('Periodic report').check();
    expect(await submit(page, 'Start the report')).toBe(400);
    await page
      .getByRole('alert')
      .getByRole('link', { name: /^A periodic report needs the first and last day/ })
      .waitFor();
    expect(await page.getByLabel('Periodic report').isChecked()).toBe(true);
    await page.getByLabel('First day of the period').fill('2026-10-31');
    await page.getByLabel('Last day of the period').fill('2026-10-01');
    expect(await submit(page, 'Start the report')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Enter the last day of the period, on or after the first day' }).waitFor();
    expect(await page.getByLabel('First day of the period').inputValue()).toBe('2026-10-31');

    await page.getByLabel('First day of the period').fill('2026-10-01');
    await page.getByLabel('Last day of the period').fill('2026-10-31');
    expect(await submit(page, 'Start the report')).toBe(303);
    expect(await heading(page)).toBe(`Monitoring report 2026-10-01 to 2026-10-31: ${TITLE}`);
    expect(await page.getByRole('main').innerText()).toContain('Draft');
    reportUrl = new URL(page.url()).pathname;
  });

  it("edits a section (an empty one comes back with the message beside it) and previews the draft's PDF", async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.implementer);
    await page.goto(reportUrl);
    await page.getByRole('textbox', { name: 'Summary', exact: true }).fill('   ');
    expect(await submit(page, 'Save Summary')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Write the section’s text (up to 50,000 characters)' }).click();
    await page.getByRole('textbox', { name: 'Summary', exact: true }).fill(SUMMARY);
    expect(await submit(page, 'Save Summary')).toBe(303);
    expect(await page.getByRole('textbox', { name: 'Summary', exact: true }).inputValue()).toBe(SUMMARY);

    const preview = await page.request.get((await page.getByRole('link', { name: 'Preview the report as PDF (draft)' }).getAttribute('href'))!);
    expect(preview.status()).toBe(200);
    expect(preview.headers()['content-type']).toBe('application/pdf');
    expect((await preview.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lets the monitor contribute to a section from the reports page, and the implementer sees it beside the section', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    await page.getByRole('link', { name: `Reports ${REF}` }).click();
    await page.getByRole('link', { name: `Monitoring report 2026-10-01 to 2026-10-31: ${TITLE}` }).click();
    // The monitor reads the implementer's text and cannot rewrite it.
    await page.getByText(SUMMARY).waitFor();
    expect(await page.getByRole('button', { name: 'Save Summary' }).count()).toBe(0);
    expect(await submit(page, 'Add your contribution Summary')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Write your contribution (up to 20,000 characters)' }).waitFor();
    const token = (await page.getByRole('region', { name: 'Summary' }).locator('input[name="_csrf"]').getAttribute('value'))!;
    await page.getByLabel('Your contribution to “Summary”').fill(CONTRIBUTION);
    expect(await submit(page, 'Add your contribution Summary')).toBe(303);
    await page.getByText(CONTRIBUTION).waitFor();
    // The same form sent again (a reload, a double click) is refused, and nothing is stored twice.
    const again = await page.request.post(`${reportUrl}/contributions/summary`, { form: { _csrf: token, body: 'Sent twice' }, maxRedirects: 0 });
    expect(again.status()).toBe(409);

    const { page: implementer } = await web.visit({ javaScript: false });
    await signIn(implementer, DEMO_ACCOUNTS.implementer);
    await implementer.goto(reportUrl);
    const summary = implementer.getByRole('region', { name: 'Summary' });
    await summary.getByText(CONTRIBUTION).waitFor();
    expect(await summary.innerText()).toContain('Contribution of the independent monitor');
  });

  it('approves the report, then publishes it after an explicit confirmation, and ends on a page linking to the public report', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.implementer);
    await page.goto(reportUrl);
    expect(await submit(page, 'Approve the report')).toBe(303);
    await page.getByText('This report is approved and ready to publish.').waitFor();

    await page.getByRole('button', { name: 'Publish the report' }).click();
    expect(await heading(page)).toBe('Publish the report');
    expect(await submit(page, 'Publish the report now')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Confirm that the report is to be published as it stands' }).waitFor();
    await page.getByLabel('I have read the approved report and confirm it is to be published as it stands').check();
    expect(await submit(page, 'Publish the report now')).toBe(303);
    expect(new URL(page.url()).pathname).toBe(reportUrl);
    await page.getByRole('heading', { name: 'Report published' }).waitFor();
    // Published: nothing left to edit, contribute or preview.
    expect(await page.getByRole('textbox').count()).toBe(0);

    const pdf = await page.request.get((await page.getByRole('link', { name: 'The public report (PDF)' }).getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await page.getByRole('link', { name: 'The procurement’s public case file' }).click();
    expect(await heading(page)).toBe(TITLE);

    await page.goto('/workspace');
    expect(await page.getByRole('row', { name: new RegExp(REF) }).innerText()).toContain('Drafts: 0, approved: 0, published: 2');

    // However many reports and sections, each page costs the same few statements (and at most one touch of the session).
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const get = (path: string) => () => fetch(`${web.app.url}${path}`, { headers: { cookie: `pactwatch-session=${cookie.value}` } });
    const list = await countQueries(web.app, get(`/workspace/procurements/${procurementId}/reports`));
    expect(list.result.status).toBe(200);
    expect(list.queries).toBeLessThanOrEqual(8);
    const report = await countQueries(web.app, get(reportUrl));
    expect(report.result.status).toBe(200);
    expect(report.queries).toBeLessThanOrEqual(9);
  });

  it("shows the red-flag thresholds in force; the implementer's administrator changes one, a bad value re-shown beside the field", async () => {
    const { page: implementer } = await web.visit({ javaScript: false });
    await signIn(implementer, DEMO_ACCOUNTS.implementer);
    await implementer.getByRole('link', { name: 'Red-flag thresholds' }).click();
    expect(await heading(implementer)).toBe('Red-flag thresholds');
    expect(await implementer.getByRole('row', { name: /R003/ }).innerText()).toContain('15 days');
    await implementer.getByLabel('Indicator').selectOption('R018');
    await implementer.getByLabel('New threshold').fill('1.5');
    expect(await submit(implementer, 'Change the threshold')).toBe(400);
    await implementer
      .getByRole('alert')
      .getByRole('link', { name: /^Enter a number from 0 to 1,000,000/ })
      .waitFor();
    expect(await implementer.getByLabel('New threshold').inputValue()).toBe('1.5');
    expect(await implementer.getByLabel('Indicator').inputValue()).toBe('R018');
    await implementer.getByLabel('New threshold').fill('2');
    expect(await submit(implementer, 'Change the threshold')).toBe(303);
    expect(await implementer.getByRole('row', { name: /R018/ }).innerText()).toMatch(/2 bidders\s+Default: 1 bidders/);

    // The monitor reads the thresholds it works with; changing them is the implementer's (see ability.factory.ts).
    const { page: monitor } = await web.visit({ javaScript: false });
    await signIn(monitor, DEMO_ACCOUNTS.monitor);
    await monitor.goto('/workspace/red-flags/thresholds');
    expect(await monitor.getByRole('row', { name: /R018/ }).innerText()).toContain('2 bidders');
    expect(await monitor.getByRole('button', { name: 'Change the threshold' }).count()).toBe(0);
  });

  it('tells a bidder opening the reports pages by their address that it is not allowed', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.bidders[0]);
    expect(await page.getByRole('heading', { name: 'Monitoring reports' }).count()).toBe(0);
    for (const path of [`/workspace/procurements/${procurementId}/reports`, reportUrl, `${reportUrl}/preview.pdf`, `${reportUrl}/publish`]) {
      expect({ path, status: (await page.goto(path))!.status() }).toEqual({ path, status: 403 });
      expect(await heading(page)).toBe('You are not allowed to see this page');
    }
  });

  it('has no serious accessibility problem on the new pages, in Arabic, and fits a 360 px wide phone', async () => {
    const { page } = await web.visit();
    await page.setViewportSize({ width: 360, height: 800 });
    await signIn(page, DEMO_ACCOUNTS.implementer);
    // A draft, for the page with every form and the confirmation page.
    await page.goto(`/workspace/procurements/${procurementId}/reports?lang=ar`);
    const draft = await web.app.ok(
      `mutation ($input: CreateMonitoringReportInput!) { createMonitoringReport(input: $input) { id } }`,
      { input: { procurementId, kind: 'FINAL', templateKey: 'standard', language: 'fr' } },
      world.tokens.implementer,
    );
    const id = draft.createMonitoringReport.id;
    await web.app.ok(`mutation ($id: ID!) { approveMonitoringReport(reportId: $id) { id } }`, { id }, world.tokens.implementer);
    for (const path of [
      '/workspace',
      `/workspace/procurements/${procurementId}/reports`,
      `/workspace/reports/${id}`,
      `/workspace/reports/${id}/publish`,
      '/workspace/red-flags/thresholds',
    ]) {
      await page.goto(path);
      expect({ path, width: await page.evaluate<number>('document.documentElement.scrollWidth') }).toEqual({ path, width: 360 });
      await expectAccessible(page);
    }
  });
});
