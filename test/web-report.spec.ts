import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { pdfText } from '../src/pdf/pdf-text.js';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest } from './support/browser.js';

const WHAT_HAPPENED = 'The borehole pump in Lorugum has been broken for three weeks and the contractor asked for money.';

/** Journey 4 of the website: a citizen reports a problem, without JavaScript, on a small phone. */
describe('reporting a problem in a browser', () => {
  let web: WebTest;

  beforeAll(async () => {
    web = await startWebTest({}, { monitoringDemo: true });
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  const complaintsStored = async () => Number((await web.app.sql.query<{ n: string }>('SELECT count(*) AS n FROM complaints')).rows[0].n);

  /** Fills the form as an anonymous resident of Loima who wants no reply. */
  async function fillAnonymousReport(page: Page) {
    await page.getByLabel('What happened?').fill(WHAT_HAPPENED);
    await page.getByLabel('Where did it happen?').selectOption({ label: 'Turkana – Loima' });
    await page.getByLabel('Water and sanitation').check();
    await page.getByLabel('Someone asked for money or a favour').check();
    await page.getByLabel('Yes, stay anonymous').check();
    await page.getByLabel('Not at all: I will follow it with the tracking number').check();
  }

  it('lodges an anonymous complaint without JavaScript and shows its tracking number and secret once, however often it is sent', async () => {
    const before = await complaintsStored();
    const visitor = await web.visit({ javaScript: false });
    const { page } = visitor;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Report a problem' }).click();
    await fillAnonymousReport(page);
    const sent = page.waitForRequest((request) => request.method() === 'POST');
    await page.getByRole('button', { name: 'Send report' }).click();

    await page.getByRole('heading', { name: 'Your report has been received' }).waitFor();
    const trackingNumber = await page.getByText(/^PW-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/).innerText();
    const secret = await page.getByText(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/).innerText();
    await page.getByText('without it no one, not even you, can follow this anonymous report', { exact: false }).waitFor();
    expect(await complaintsStored()).toBe(before + 1);
    const { rows } = await web.app.sql.query('SELECT channel, description, anonymous FROM complaints ORDER BY created_at DESC LIMIT 1');
    expect(rows[0]).toEqual({ channel: 'WEB', description: WHAT_HAPPENED, anonymous: true });

    // The secret is in no address: no link carries it, and the receipt is asked for by a form.
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => href.includes(secret) || href.includes(secret.replace(/-/g, '')) || /secret/i.test(href))).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Print the receipt (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`complaint-${trackingNumber}.pdf`);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(pdf)).toContain(secret);
    // The page with the secret stays on screen, and the browser asked for no address holding the secret.
    await page.getByText(secret, { exact: true }).waitFor();
    expect(visitor.requests.filter((url) => url.href.includes(secret))).toEqual([]);
    // The form proves the secret as tracking does: a wrong one gets no receipt, nor does a form without its token.
    const token = await page.locator('form[action="/report/receipt"] input[name="_csrf"]').inputValue();
    const wrong = await page.request.post('/report/receipt', { form: { _csrf: token, trackingNumber, secret: 'AAAAA-AAAAA-AAAAA-AAAAA' } });
    const untokened = await page.request.post('/report/receipt', { form: { trackingNumber, secret } });
    expect([wrong.status(), wrong.headers()['content-type'], untokened.status()]).toEqual([404, expect.stringContaining('text/html'), 403]);

    // The same form sent again (a double click, a reload): refused, nothing stored twice.
    const request = await sent;
    const again = await page.request.post('/report', { data: request.postData()!, headers: { 'content-type': request.headers()['content-type'] } });
    expect(again.status()).toBe(409);
    expect(await again.text()).toContain('This form has already been sent');
    expect(await complaintsStored()).toBe(before + 1);
  });

  it('re-shows bad input with the values kept and each error beside its field, with a 400, storing nothing', async () => {
    const before = await complaintsStored();
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/report');
    await page.getByLabel('What happened?').fill('Too short');
    await page.getByLabel('Yes, stay anonymous').check();
    await page.getByLabel('By SMS').check();
    await page.getByLabel('Mobile number for SMS').fill('0712 345 678');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Send report' }).click(),
    ]);
    expect(response.status()).toBe(400);

    const summary = page.getByRole('alert');
    for (const message of ['Say what happened, in 10 to 5,000 characters', 'Choose where it happened', 'To stay anonymous, choose not to hear back']) {
      await summary.getByRole('link', { name: new RegExp(message) }).waitFor();
      await page.getByText(`Error: ${message}`, { exact: false }).waitFor();
    }
    expect(await page.getByLabel('What happened?').inputValue()).toBe('Too short');
    expect(await page.getByLabel('Mobile number for SMS').inputValue()).toBe('0712 345 678');
    expect(await page.getByLabel('By SMS').isChecked()).toBe(true);
    expect(await complaintsStored()).toBe(before);
  });

  it('lodges a report that leaves the service and the kind of problem to the convener, unreferred in their queue', async () => {
    const before = await complaintsStored();
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/report');
    await page.getByRole('group', { name: 'Which service is it about? (optional)' }).waitFor();
    await page.getByRole('group', { name: 'What kind of problem is it? (optional)' }).waitFor();
    await page.getByLabel('What happened?').fill(WHAT_HAPPENED);
    await page.getByLabel('Where did it happen?').selectOption({ label: 'Turkana – Loima' });
    // A choice made and then taken back, without JavaScript: "I am not sure".
    await page.getByLabel('Water and sanitation').check();
    await page.getByRole('group', { name: 'Which service is it about? (optional)' }).getByLabel('I am not sure').check();
    // The kind of problem: not answered at all.
    await page.getByLabel('Yes, stay anonymous').check();
    await page.getByLabel('Not at all: I will follow it with the tracking number').check();
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByRole('heading', { name: 'Your report has been received' }).waitFor();

    expect(await complaintsStored()).toBe(before + 1);
    const { rows } = await web.app.sql.query(
      'SELECT sector_id, type_id, area_id IS NOT NULL AS has_area, status, handling_organisation_id FROM complaints ORDER BY created_at DESC LIMIT 1',
    );
    // No referral rule of the demo covers a complaint without a sector: it waits for the convener.
    expect(rows[0]).toEqual({ sector_id: null, type_id: null, has_area: true, status: 'RECEIVED', handling_organisation_id: null });
  });

  it('still refuses a sector or type code that does not exist, beside its field', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/report');
    const token = await page.locator('input[name="_csrf"]').inputValue();
    const form = {
      _csrf: token,
      description: WHAT_HAPPENED,
      areaCode: 'LOIMA',
      sectorCode: 'NO_SUCH',
      typeCode: 'CORRUPTION',
      anonymous: 'yes',
      contactBy: 'NONE',
      language: 'en',
    };
    const response = await page.request.post('/report', { form });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain('Choose which service it is about');
  });

  it('shows a procurement reference the intake does not know beside its field', async () => {
    const before = await complaintsStored();
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/report');
    await fillAnonymousReport(page);
    await page.getByLabel('Which procurement? (optional)').fill('NO/SUCH/REF');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByText('Error: No procurement has this reference', { exact: false }).waitFor();
    expect(await page.getByLabel('Which procurement? (optional)').inputValue()).toBe('NO/SUCH/REF');
    expect(await complaintsStored()).toBe(before);
  });

  it('refuses the form without its token, or with a wrong one, with a 403 page', async () => {
    const before = await complaintsStored();
    const { page } = await web.visit({ javaScript: false });
    const form = {
      description: WHAT_HAPPENED,
      areaCode: 'LOIMA',
      sectorCode: 'WATER',
      typeCode: 'CORRUPTION',
      anonymous: 'yes',
      contactBy: 'NONE',
      language: 'en',
    };
    const missing = await page.request.post('/report', { form });
    await page.goto('/report');
    const wrong = await page.request.post('/report', { form: { ...form, _csrf: 'made-up' } });
    expect([missing.status(), wrong.status()]).toEqual([403, 403]);
    expect(await complaintsStored()).toBe(before);
  });

  it('fits a 360-pixel-wide phone, and has no serious accessibility problem, with its errors shown', async () => {
    const { page } = await web.visit();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/report');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page);
  });
});
