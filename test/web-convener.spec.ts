import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest, signIn, heading, submit } from './support/browser.js';
import { lodge, messagesAbout } from './support/complaints.js';
import { DEMO_ACCOUNTS } from './support/demo.js';
import { countQueries } from './support/query-counter.js';

/** Signs in through /login as a person does; the page ends where the sign-in sent it. */
/** Routed at once by the demo's rule to the health partner. */
const HEALTH_IN_TURKANA = { sectorCode: 'HEALTH', typeCode: 'SERVICE_DELIVERY', areaCode: 'LOIMA' };
/** No rule routes health complaints from Wajir: they wait for the convener. */
const HEALTH_IN_WAJIR = { sectorCode: 'HEALTH', typeCode: 'SERVICE_DELIVERY', areaCode: 'WAJIR' };

/** The convener's journey on the website (issue 12, item 6): every complaint, referring, re-referring, merging a duplicate. */
describe("the convener's desk in the browser", () => {
  let web: WebTest;
  let waiting: { trackingNumber: string; id: string };
  let overdue: { trackingNumber: string; id: string };
  let onTime: { trackingNumber: string; id: string };

  beforeAll(async () => {
    web = await startWebTest({ complaintsPerHourPerClient: 1000 });
    onTime = await lodge(web.app, { ...HEALTH_IN_TURKANA, description: 'The Kakuma dispensary turned patients away on Monday.' });
    overdue = await lodge(web.app, { ...HEALTH_IN_TURKANA, description: 'The Lokichoggio clinic has had no vaccines for a month.' });
    await web.app.sql.query(`UPDATE complaints SET acknowledge_due_at = now() - interval '1 day', created_at = now() - interval '4 days' WHERE id = $1`, [
      overdue.id,
    ]);
    waiting = await lodge(web.app, { ...HEALTH_IN_WAJIR, description: 'The Wagberi health centre charges for free malaria tests.', phone: '+254712000333' });
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it('shows every complaint, those waiting for a referral and the overdue ones first, and filters them (JavaScript off)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.convener);
    await page.getByRole('heading', { name: 'Complaints to coordinate' }).waitFor();
    await page.getByRole('link', { name: 'Go to all complaints' }).click();
    expect(await heading(page)).toBe('All complaints');

    const rows = await page.getByRole('table', { name: 'All complaints' }).getByRole('row').allInnerTexts();
    const at = (trackingNumber: string) => rows.findIndex((row) => row.includes(trackingNumber));
    const lastWaiting = rows.map((row) => row.includes('Waiting for a referral')).lastIndexOf(true);
    expect(at(waiting.trackingNumber)).toBeGreaterThan(0);
    expect(at(waiting.trackingNumber)).toBeLessThanOrEqual(lastWaiting);
    expect(at(overdue.trackingNumber)).toBe(lastWaiting + 1);
    expect(rows[at(overdue.trackingNumber)]).toContain('Overdue');
    expect(rows[at(overdue.trackingNumber)]).toContain('Turkana Community Health Partners');
    expect(at(onTime.trackingNumber)).toBeGreaterThan(at(overdue.trackingNumber));

    await page.getByLabel('Referral').selectOption({ label: 'Waiting for a referral' });
    await page.getByLabel('Area').selectOption({ label: 'Wajir (whole county)' });
    await page.getByRole('button', { name: 'Show complaints' }).click();
    expect(new URL(page.url()).search).toBe('?referral=awaiting&status=&sector=&area=WAJIR');
    const filtered = await page.getByRole('main').innerText();
    expect(filtered).toContain(waiting.trackingNumber);
    expect(filtered).not.toContain(overdue.trackingNumber);
  });

  it('refers a waiting complaint with a reason, then re-refers it; the organisation, the complainant and the audit trail are told (JavaScript off)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.convener, '/login?next=/workspace/convener');
    await page.getByRole('link', { name: `Open complaint ${waiting.trackingNumber}` }).click();
    expect(await heading(page)).toBe(waiting.trackingNumber);
    await page.getByRole('heading', { name: 'Refer the complaint' }).waitFor();

    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Wajir Water Users Association' });
    await page.getByLabel('Why this organisation').fill('They run the health desk at Wagberi too');
    await page.getByRole('button', { name: 'Refer the complaint' }).click();
    await page.getByText('The complaint has been referred; the organisation and the complainant have been told.').waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Acknowledge by');

    const { rows: referred } = await web.app.sql.query(
      `SELECT c.status, o.name FROM complaints c JOIN organisations o ON o.id = c.handling_organisation_id WHERE c.id = $1`,
      [waiting.id],
    );
    expect(referred).toEqual([{ status: 'REFERRED', name: 'Wajir Water Users Association' }]);
    const { rows: events } = await web.app.sql.query(`SELECT reason FROM complaint_events WHERE complaint_id = $1 AND kind = 'REFERRED'`, [waiting.id]);
    expect(events).toEqual([{ reason: 'They run the health desk at Wagberi too' }]);
    const { rows: audit } = await web.app.sql.query(
      `SELECT a.data, u.email FROM audit_entries a JOIN users u ON u.id = a.actor_id WHERE a.subject_id = $1 AND a.action = 'complaint.referred'`,
      [waiting.id],
    );
    expect(audit).toEqual([expect.objectContaining({ email: DEMO_ACCOUNTS.convener, data: expect.objectContaining({ from: null }) })]);
    expect((await messagesAbout(web.app, waiting.id)).map((m) => m.template)).toContain('complaint-referred');

    // Re-referred: the same form, now offering another organisation.
    await page.getByRole('heading', { name: 'Refer the complaint to another organisation' }).waitFor();
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Turkana Community Health Partners' });
    await page.getByLabel('Why this organisation').fill('Wajir asked the health partner to take it');
    await page.getByRole('button', { name: 'Refer the complaint' }).click();
    await page.getByText('The complaint has been referred').waitFor();
    const { rows: again } = await web.app.sql.query(`SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1 AND action = 'complaint.referred'`, [
      waiting.id,
    ]);
    expect(again[0].n).toBe(2);
  });

  it('merges a duplicate into the complaint that stays, its complainant told which to follow', async () => {
    const duplicate = await lodge(web.app, {
      ...HEALTH_IN_TURKANA,
      description: 'The Kakuma dispensary sent patients away on Monday morning.',
      phone: '+254712000444',
    });
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.convener, `/login?next=/workspace/convener/complaints/${duplicate.id}`);
    await page.getByLabel('Tracking number of the complaint to keep').fill(onTime.trackingNumber);
    await page.getByRole('button', { name: 'Merge into that complaint' }).click();
    await page.getByText('The complaint has been merged and closed').waitFor();
    const { rows } = await web.app.sql.query(`SELECT status, merged_into_id FROM complaints WHERE id = $1`, [duplicate.id]);
    expect(rows).toEqual([{ status: 'CLOSED', merged_into_id: onTime.id }]);
    const { rows: audit } = await web.app.sql.query(`SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1 AND action = 'complaint.merged'`, [
      duplicate.id,
    ]);
    expect(audit[0].n).toBe(1);
    expect((await messagesAbout(web.app, duplicate.id)).map((m) => m.template)).toContain('complaint-merged');
    // Closed, it can be neither referred nor merged again.
    expect(await page.getByRole('button', { name: 'Merge into that complaint' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Refer the complaint' }).count()).toBe(0);
  });

  it('classifies a complaint that came as free text; waiting, it is then routed by the rules, the form re-shown when a list is not chosen (JavaScript off)', async () => {
    // As an SMS arrives (the website's form asks for a sector and a type): no sector or type, so no rule routes it.
    const freeText = await lodge(web.app, { ...HEALTH_IN_WAJIR, description: 'SMS: the Loima health centre asks for money before treating children.' });
    await web.app.sql.query(`UPDATE complaints SET sector_id = NULL, type_id = NULL WHERE id = $1`, [freeText.id]);
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.convener, `/login?next=/workspace/convener/complaints/${freeText.id}`);
    await page.getByRole('heading', { name: 'Classify the complaint' }).waitFor();
    expect(await page.getByLabel('County or sub-county').inputValue()).toBe('WAJIR');

    await page.getByLabel('Type of problem').selectOption({ label: 'A service that is missing, late or poor' });
    await page.getByLabel('County or sub-county').selectOption({ label: 'Turkana – Loima' });
    expect(await submit(page, 'Classify the complaint')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Choose a sector from the list' }).waitFor();
    await page.getByText('Error: Choose a sector from the list').waitFor();
    expect(await page.getByLabel('Type of problem').inputValue()).toBe('SERVICE_DELIVERY');
    expect(await page.getByLabel('County or sub-county').inputValue()).toBe('LOIMA');

    await page.getByLabel('Sector', { exact: true }).selectOption({ label: 'Health: clinics, hospitals, medicines' });
    expect(await submit(page, 'Classify the complaint')).toBe(303);
    await page.getByText('The complaint has been classified. It is with Turkana Community Health Partners.').waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Acknowledge by');
    const { rows } = await web.app.sql.query(
      `SELECT c.status, o.name, s.code AS sector FROM complaints c JOIN organisations o ON o.id = c.handling_organisation_id
         JOIN complaint_sectors s ON s.id = c.sector_id WHERE c.id = $1`,
      [freeText.id],
    );
    expect(rows).toEqual([{ status: 'REFERRED', name: 'Turkana Community Health Partners', sector: 'HEALTH' }]);
    const { rows: audit } = await web.app.sql.query(`SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1 AND action = 'complaint.classified'`, [
      freeText.id,
    ]);
    expect(audit[0].n).toBe(1);
  });

  it('re-shows the forms with the error beside the field and the values kept', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.convener, `/login?next=/workspace/convener/complaints/${overdue.id}`);
    await page.getByLabel('Why this organisation').fill('No');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Refer the complaint' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Choose an organisation the complaint is not already with' }).waitFor();
    await page.getByText('Error: Say why this organisation, in 3 to 2,000 characters').waitFor();
    expect(await page.getByLabel('Why this organisation').inputValue()).toBe('No');

    // Already with this organisation: refused beside the field.
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Turkana Community Health Partners' });
    await page.getByLabel('Why this organisation').fill('Once more to the same');
    await page.getByRole('button', { name: 'Refer the complaint' }).click();
    await page.getByText('Error: Choose an organisation the complaint is not already with').waitFor();

    await page.getByLabel('Tracking number of the complaint to keep').fill(overdue.trackingNumber);
    await page.getByRole('button', { name: 'Merge into that complaint' }).click();
    await page.getByText('Error: A complaint cannot be merged into itself').waitFor();
    await page.getByLabel('Tracking number of the complaint to keep').fill('PW-NOPE');
    await page.getByRole('button', { name: 'Merge into that complaint' }).click();
    await page.getByText('Error: Enter the tracking number of a complaint').waitFor();
    expect(await page.getByLabel('Tracking number of the complaint to keep').inputValue()).toBe('PW-NOPE');
    const { rows } = await web.app.sql.query(`SELECT status, merged_into_id FROM complaints WHERE id = $1`, [overdue.id]);
    expect(rows).toEqual([{ status: 'REFERRED', merged_into_id: null }]);
  });

  it('refers once however often the form is sent (a double click, a replay)', async () => {
    const twice = await lodge(web.app, { ...HEALTH_IN_WAJIR, description: 'The Wajir referral hospital has no working ambulance.' });
    const { page } = await web.visit();
    await signIn(page, DEMO_ACCOUNTS.convener, `/login?next=/workspace/convener/complaints/${twice.id}`);
    const form = page.getByRole('main').locator('form[action$="/referral"]');
    const token = await form.locator('input[name="_csrf"]').inputValue();
    const organisationId = await form
      .getByLabel('Organisation', { exact: true })
      .locator('option', { hasText: 'Wajir Water Users Association' })
      .getAttribute('value');
    const send = () =>
      page.request.post(`/workspace/convener/complaints/${twice.id}/referral`, {
        form: { _csrf: token, organisationId: organisationId!, reason: 'The water partner covers Wajir' },
        maxRedirects: 0,
      });
    const [first, second] = [await send(), await send()];
    expect(first.status()).toBe(303);
    expect(second.status()).toBe(409);
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1 AND kind = 'REFERRED'`, [twice.id]);
    expect(rows[0].n).toBe(1);
  });

  it('downloads the statistics as CSV and PDF from the page with the figures the session may read, small counts not withheld', async () => {
    const csvOf = async (page: Page) => {
      await page.goto('/statistics');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Complaint statistics (CSV spreadsheet)' }).click()]);
      return readFile(await download.path(), 'utf8');
    };
    // Lodged last month, the last one ended: the page's period unless asked otherwise.
    await web.app.sql.query(`UPDATE complaints SET created_at = date_trunc('month', now()) - interval '10 days' WHERE id = ANY($1)`, [
      [onTime.id, overdue.id, waiting.id],
    ]);
    const { page } = await web.visit();
    await signIn(page, DEMO_ACCOUNTS.convener);
    await page.getByRole('link', { name: 'See the complaint statistics, with CSV and PDF downloads' }).click();
    expect(new URL(page.url()).pathname).toBe('/statistics');
    // The staff's figures (weeks, organisations, nothing withheld) make a longer page than the public's: checked here once.
    await expectAccessible(page);
    const staff = await csvOf(page);
    const pdf = await page.request.get((await page.getByRole('link', { name: 'Complaint statistics (PDF)' }).getAttribute('href'))!);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const visitor = await csvOf((await web.visit()).page);
    // The public's file withholds the few health complaints of last month; the convener's, signed in, counts them.
    const health = (csv: string) => csv.split(/\r?\n/).find((row) => row.startsWith('sector,HEALTH,'));
    expect(health(visitor)).toMatch(/^sector,HEALTH,[^,]*,,true/);
    expect(health(staff)).toMatch(/^sector,HEALTH,[^,]*,[1-9]\d*,false/);
  });

  it('manages routing rules, deadlines and the lists complaints are classified by (JavaScript off)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.convener);
    await page.getByRole('link', { name: 'Routing rules, deadlines, sectors, types and areas' }).click();
    expect(await heading(page)).toBe('Referral settings');

    // A new sector, then a rule sending its complaints from Wajir to the water partner.
    await page.getByLabel('Sectors', { exact: true }).check();
    await page.getByLabel('Code', { exact: true }).fill('roads');
    await page.getByLabel('Name', { exact: true }).fill('Roads and bridges');
    await page.getByRole('button', { name: 'Add the entry' }).click();
    await page.getByText('Error: Enter a code of capital letters').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Roads and bridges');
    await page.getByLabel('Code', { exact: true }).fill('ROADS');
    await page.getByRole('button', { name: 'Add the entry' }).click();
    await page.getByText('The entry has been added.').waitFor();

    await page.getByLabel('Sector of the complaints').selectOption({ label: 'Roads and bridges' });
    await page.getByLabel('Area of the complaints').selectOption({ label: 'Wajir' });
    await page.getByLabel('Send them to').selectOption({ label: 'Wajir Water Users Association' });
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await page.getByText('The routing rule has been saved.').waitFor();
    const rules = page.getByRole('table', { name: 'Routing rules' });
    expect(await rules.innerText()).toContain('Roads and bridges');
    const { rows: audit } = await web.app.sql.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'referral_rule.set'`);
    expect(audit[0].n).toBeGreaterThan(0);

    await page.getByLabel('For the organisation').selectOption({ label: 'Wajir Water Users Association' });
    await page.getByLabel('Hours to acknowledge').fill('48');
    await page.getByLabel('Hours to resolve').fill('24');
    await page.getByRole('button', { name: 'Save the deadline' }).click();
    await page.getByText('Error: Enter the hours to resolve').waitFor();
    expect(await page.getByLabel('Hours to acknowledge').inputValue()).toBe('48');
    await page.getByLabel('Hours to resolve').fill('240');
    await page.getByRole('button', { name: 'Save the deadline' }).click();
    await page.getByText('The deadline has been saved').waitFor();
    await page.getByText('Wajir Water Users Association, any kind of problem: acknowledge within 48 hours, resolve within 240 hours').waitFor();

    await rules.getByRole('button', { name: 'Remove the rule Roads and bridges, Wajir to Wajir Water Users Association' }).click();
    await page.getByText('The routing rule has been removed.').waitFor();
    expect(await page.getByRole('table', { name: 'Routing rules' }).innerText()).not.toContain('Roads and bridges');
  });

  it('fits a 360 px wide phone: no page scrolls sideways', async () => {
    const { page } = await web.visit();
    await page.setViewportSize({ width: 360, height: 800 });
    await signIn(page, DEMO_ACCOUNTS.convener);
    for (const path of ['/workspace', '/workspace/convener', `/workspace/convener/complaints/${overdue.id}`, '/workspace/convener/settings', '/statistics']) {
      await page.goto(path);
      expect({ path, width: await page.evaluate<number>('document.documentElement.scrollWidth') }).toEqual({ path, width: 360 });
    }
  });

  it('answers "not allowed" to a referral partner opening the convener\'s pages', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.partner);
    expect(await page.getByRole('heading', { name: 'Complaints to coordinate' }).count()).toBe(0);
    for (const path of ['/workspace/convener', `/workspace/convener/complaints/${overdue.id}`, '/workspace/convener/settings']) {
      expect((await page.goto(path))!.status()).toBe(403);
      expect(await heading(page)).toBe('You are not allowed to see this page');
    }
  });

  it('shows the queue in the same handful of SQL statements whatever the length of the page', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.convener);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const queue = async (query: string) => {
      const response = await fetch(`${web.app.url}/workspace/convener${query}`, { headers: { cookie: `pactwatch-session=${cookie.value}` } });
      return { status: response.status, html: await response.text() };
    };
    await queue('');
    const full = await countQueries(web.app, () => queue(''));
    const one = await countQueries(web.app, () => queue('?status=ACKNOWLEDGED'));
    expect(full.result.status).toBe(200);
    expect(full.result.html.match(/Open complaint /g)!.length).toBeGreaterThan(1);
    expect(full.queries).toBe(one.queries);
    expect(full.queries).toBeLessThanOrEqual(7);
  });

  it.each(['en', 'ar'])(
    'has no serious accessibility problem on its pages in %s',
    async (lang) => {
      const { page } = await web.visit();
      await signIn(page, DEMO_ACCOUNTS.convener);
      await page.goto(`/workspace?lang=${lang}`);
      for (const path of ['/workspace', '/workspace/convener', `/workspace/convener/complaints/${overdue.id}`, '/workspace/convener/settings']) {
        await page.goto(path);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        await expectAccessible(page);
      }
      // The forms re-shown with their errors.
      await page.locator('form[action$="/settings/lists"] button').click();
      await page.locator('.govuk-error-summary').waitFor();
      await expectAccessible(page);
      await page.goto(`/workspace/convener/complaints/${overdue.id}`);
      await page.locator('form[action$="/referral"] button').click();
      await page.locator('.govuk-error-summary').waitFor();
      await expectAccessible(page);
    },
    120_000,
  );
});
