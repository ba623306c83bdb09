import type { Page } from 'playwright-core';
import { canonical } from './support/complaints.js';
import { demoWorld, type DemoWorld } from './support/demo.js';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest } from './support/browser.js';

const SET_STATUS = `mutation ($input: SetComplaintStatusInput!) { setComplaintStatus(input: $input) { id status } }`;

/** Journey 5 of the website, after journey 4: the citizen follows the complaint they lodged, without JavaScript. */
describe('following a complaint in a browser', () => {
  let web: WebTest;
  let world: DemoWorld;

  beforeAll(async () => {
    web = await startWebTest({}, { monitoringDemo: true });
    world = await demoWorld(web.app);
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  /** Journey 4: an anonymous health complaint from Loima, which the demo's referral rules send to the health partner. */
  async function lodgeAnonymously(page: Page): Promise<{ trackingNumber: string; secret: string }> {
    await page.goto('/report');
    await page.getByLabel('What happened?').fill('The dispensary in Loima has had no malaria drugs for three weeks.');
    await page.getByLabel('Where did it happen?').selectOption({ label: 'Turkana – Loima' });
    await page.getByLabel('Health: clinics, hospitals, medicines').check();
    await page.getByLabel('A service that is missing, late or poor').check();
    await page.getByLabel('Yes, stay anonymous').check();
    await page.getByLabel('Not at all: I will follow it with the tracking number').check();
    await page.getByRole('button', { name: 'Send report' }).click();
    return {
      trackingNumber: await page.getByText(/^PW-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/).innerText(),
      secret: await page.getByText(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/).innerText(),
    };
  }

  async function open(page: Page, trackingNumber: string, secret: string) {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Follow a complaint' }).click();
    await page.getByLabel('Tracking number').fill(trackingNumber);
    await page.getByLabel('Secret').fill(secret);
    return Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Show my complaint' }).click()]).then(
      ([r]) => r,
    );
  }

  it('lodges anonymously, sees the partner act, adds information and rates the response, never putting the proof in an address', async () => {
    const visitor = await web.visit({ javaScript: false });
    const { page } = visitor;
    const { trackingNumber, secret } = await lodgeAnonymously(page);

    await open(page, trackingNumber, secret);
    await page.getByRole('heading', { name: `Complaint ${trackingNumber}` }).waitFor();
    const history = page.getByRole('table', { name: 'What has happened so far' });
    await history.getByText('Complaint received').waitFor();
    await history.getByText('Referred to the organisation that can act').waitFor();

    await page.getByLabel('Add information').fill('The dispensary at Lorugum is out of stock too.');
    await page.getByRole('button', { name: 'Add information' }).click();
    await page.getByText('Your information has been added.').waitFor();
    await page.getByRole('table', { name: 'What has happened so far' }).getByText('You added information').waitFor();
    expect(await page.getByRole('radio', { name: /Very well/ }).count()).toBe(0);

    // The health partner acts, through GraphQL.
    const { rows } = await web.app.sql.query<{ id: string }>('SELECT id FROM complaints WHERE tracking_number = $1', [canonical(trackingNumber)]);
    for (const status of ['ACKNOWLEDGED', 'RESOLVED']) await web.app.ok(SET_STATUS, { input: { complaintId: rows[0].id, status } }, world.tokens.partner);

    await open(page, trackingNumber, secret);
    await page.getByRole('table', { name: 'What has happened so far' }).getByText('Status changed: Resolved').waitFor();
    await page.getByLabel('4 – Well').check();
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByText('Thank you for your rating.').waitFor();
    await page.getByText('You rated the response 4 out of 5.', { exact: false }).waitFor();
    const stored = await web.app.sql.query('SELECT rating FROM complaints WHERE id = $1', [rows[0].id]);
    expect(stored.rows[0].rating).toBe(4);
    // Only the receipt link carries them (an existing route); no page this journey opened did.
    expect(visitor.requests.filter((url) => url.href.includes(trackingNumber) || url.href.includes(secret)).map(String)).toEqual([]);
  });

  it('answers a wrong secret and bad input beside their fields, with a 400', async () => {
    const { page } = await web.visit({ javaScript: false });
    const { trackingNumber } = await lodgeAnonymously(page);
    const response = await open(page, trackingNumber, 'AAAAA-AAAAA-AAAAA-AAAAA');
    expect(response.status()).toBe(400);
    await page.getByText('Error: We found no complaint with this tracking number and secret', { exact: false }).waitFor();
    expect(await page.getByLabel('Tracking number').inputValue()).toBe(trackingNumber);

    await page.getByLabel('Tracking number').fill('');
    const [empty] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Show my complaint' }).click(),
    ]);
    expect(empty.status()).toBe(400);
    await page.getByText('Error: Give the tracking number from your receipt', { exact: false }).waitFor();
  });

  it('answers odd bodies sent with a valid token with a 400, never a server error', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/track');
    await page.getByLabel('Tracking number').fill('PW-AAAA-AAAA-A');
    const [sent] = await Promise.all([page.waitForRequest((r) => r.method() === 'POST'), page.getByRole('button', { name: 'Show my complaint' }).click()]);
    const token = new URLSearchParams(sent.postData()!).get('_csrf')!;
    const odd: Array<[string, Record<string, unknown>]> = [
      ['/track', { trackingNumber: ['PW-AAAA-AAAA-A', 'x'], secret: { $gt: '' } }],
      ['/track', { trackingNumber: 12345, secret: null }],
      ['/track', { trackingNumber: 'x'.repeat(10_000) }],
      ['/track/information', { trackingNumber: 'PW-AAAA-AAAA-A', secret: 'AAAAA-AAAAA-AAAAA-AAAAA', information: { a: 1 } }],
      ['/track/rating', { trackingNumber: 'PW-AAAA-AAAA-A', secret: 'AAAAA-AAAAA-AAAAA-AAAAA', rating: 'abc' }],
      ['/track/rating', { trackingNumber: 'PW-AAAA-AAAA-A', secret: 'AAAAA-AAAAA-AAAAA-AAAAA', rating: 9 }],
      ['/report', { description: ['a'], anonymous: 'yes', contactBy: { x: 1 }, language: 7 }],
    ];
    const answers: Array<{ path: string; status: number }> = [];
    for (const [path, body] of odd) answers.push({ path, status: (await page.request.post(path, { data: { ...body, _csrf: token } })).status() });
    // Each one past the token check and refused by the form's rules (or the proof), never by the server failing.
    expect(answers.filter(({ status }) => status !== 400)).toEqual([]);
  });

  it('refuses a form without its token with a 403, and has no serious accessibility problem', async () => {
    const { page } = await web.visit();
    const refused = await page.request.post('/track', { form: { trackingNumber: 'PW-AAAA-AAAA-A' } });
    expect(refused.status()).toBe(403);
    const { trackingNumber, secret } = await lodgeAnonymously(page);
    await open(page, trackingNumber, secret);
    await page.getByRole('heading', { name: `Complaint ${trackingNumber}` }).waitFor();
    await expectAccessible(page);
  });
});
