import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest, signIn, heading } from './support/browser.js';
import { canonical, lodge, messagesAbout } from './support/complaints.js';
import { DEMO_ACCOUNTS } from './support/demo.js';
import { countQueries } from './support/query-counter.js';

/** Signs in through /login as a person does; the page ends where the sign-in sent it. */
/** A health complaint from Loima (Turkana): the demo's routing rule refers it to the demo partner at once. */
const HEALTH_IN_TURKANA = { sectorCode: 'HEALTH', typeCode: 'SERVICE_DELIVERY', areaCode: 'LOIMA' };

/** The referral partner's journey on the website (issue 12, item 5): its queue, one complaint, status and notes, a walk-in and its receipt. */
describe("the referral partner's complaint desk in the browser", () => {
  let web: WebTest;
  /** Lodged with a phone number, then made overdue: it heads the queue. */
  let overdue: { trackingNumber: string; id: string };
  let fresh: { trackingNumber: string; id: string };

  beforeAll(async () => {
    // The complaints below are lodged from this test's one address: more than the public limit allows.
    web = await startWebTest({ complaintsPerHourPerClient: 1000 });
    fresh = await lodge(web.app, { ...HEALTH_IN_TURKANA, description: 'The Kakuma dispensary turned patients away on Monday.' });
    overdue = await lodge(web.app, {
      ...HEALTH_IN_TURKANA,
      description: 'The Lokichoggio clinic has had no vaccines for a month.',
      name: 'Esther Ekai',
      phone: '+254712000111',
    });
    // Referred four days ago: acknowledging it was due a day ago.
    await web.app.sql.query(`UPDATE complaints SET acknowledge_due_at = now() - interval '1 day', created_at = now() - interval '4 days' WHERE id = $1`, [
      overdue.id,
    ]);
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it('shows the queue overdue first, filters it, opens a complaint, changes its status with a message, adds a note (JavaScript off)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.partner);
    expect(await heading(page)).toBe('Your workspace');
    await page.getByRole('heading', { name: 'Complaints referred to you' }).waitFor();
    await page.getByRole('link', { name: 'Go to your complaint queue' }).click();
    expect(await heading(page)).toBe('Your complaint queue');

    const rows = page.getByRole('table', { name: 'Your complaint queue' }).getByRole('row');
    const first = rows.nth(1);
    expect(await first.innerText()).toContain(overdue.trackingNumber);
    expect(await first.innerText()).toContain('Overdue');
    expect(await first.innerText()).toContain('Acknowledgement was due on');
    expect(await page.getByRole('main').innerText()).toContain(fresh.trackingNumber);

    await page.getByLabel('Status').selectOption({ label: 'Referred to an organisation' });
    await page.getByLabel('Sector').selectOption({ label: 'Health: clinics, hospitals, medicines' });
    await page.getByLabel('Area').selectOption({ label: 'Turkana (whole county)' });
    await page.getByRole('button', { name: 'Show complaints' }).click();
    expect(new URL(page.url()).search).toBe('?status=REFERRED&sector=HEALTH&area=TURKANA');
    expect(await page.getByLabel('Status').inputValue()).toBe('REFERRED');
    await page.getByText('Complaints found: 2').waitFor();
    await page.getByLabel('Sector').selectOption({ label: 'Water and sanitation' });
    await page.getByRole('button', { name: 'Show complaints' }).click();
    await page.getByText('No complaint matches.').waitFor();
    await page.getByLabel('Sector').selectOption({ label: 'Health: clinics, hospitals, medicines' });
    await page.getByRole('button', { name: 'Show complaints' }).click();

    await page.getByRole('link', { name: `Open complaint ${overdue.trackingNumber}` }).click();
    expect(await heading(page)).toBe(overdue.trackingNumber);
    await page.getByText('The Lokichoggio clinic has had no vaccines for a month.').waitFor();
    // Whoever handles it may read who complained (the same rule as GraphQL's `contact`).
    await page.getByText('Esther Ekai').waitFor();
    await page.getByText('+254712000111').waitFor();

    await page.getByLabel('Acknowledged').check();
    await page.getByLabel('Reason').fill('Checked with the clinic in charge');
    await page.getByRole('button', { name: 'Change the status' }).click();
    await page.getByText('The status has been changed and the complainant has been sent a message.').waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Resolve by');
    const { rows: complaint } = await web.app.sql.query(`SELECT status FROM complaints WHERE id = $1`, [overdue.id]);
    expect(complaint[0].status).toBe('ACKNOWLEDGED');
    const messages = await messagesAbout(web.app, overdue.id);
    expect(messages.map((m) => m.template)).toContain('complaint-status-changed');
    // The staff's reason is theirs: only a rejection's reason goes to the complainant.
    expect(messages.find((m) => m.template === 'complaint-status-changed')!.body).not.toContain('Checked with the clinic');
    await page.getByRole('heading', { name: 'Messages to the complainant' }).waitFor();
    const { rows: audit } = await web.app.sql.query(
      `SELECT a.action, a.data, u.email FROM audit_entries a JOIN users u ON u.id = a.actor_id WHERE a.subject_id = $1 AND a.action = 'complaint.status_changed'`,
      [overdue.id],
    );
    expect(audit).toEqual([expect.objectContaining({ email: DEMO_ACCOUNTS.partner, data: expect.objectContaining({ from: 'REFERRED', to: 'ACKNOWLEDGED' }) })]);

    await page.getByLabel('New note').fill('Called the clinic; the vaccines are on the way from Lodwar.');
    await page.getByRole('button', { name: 'Add the note' }).click();
    await page.getByText('The note has been added.').waitFor();
    await page.getByText('Called the clinic; the vaccines are on the way from Lodwar.').waitFor();
    const { rows: notes } = await web.app.sql.query(`SELECT body FROM complaint_notes WHERE complaint_id = $1`, [overdue.id]);
    expect(notes).toEqual([{ body: 'Called the clinic; the vaccines are on the way from Lodwar.' }]);
  });

  it('records a walk-in complaint for someone at the office and prints their receipt, the secret never in an address (JavaScript off)', async () => {
    const { page, requests } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.partner, '/login?next=/workspace/complaints');
    await page.getByRole('button', { name: 'Record a walk-in complaint' }).click();
    expect(await heading(page)).toBe('Record a walk-in complaint');
    await page.getByLabel('Office', { exact: true }).fill('Lodwar office');
    await page.getByLabel('What happened').fill('The nurse at Nakwamekwi asked for money before treating my child.');
    await page.getByLabel('Where did it happen?').selectOption({ label: 'Turkana – Loima' });
    await page.getByLabel('Sector (optional)').selectOption({ label: 'Health: clinics, hospitals, medicines' });
    await page.getByLabel('Kind of problem (optional)').selectOption({ label: 'Someone asked for money or a favour' });
    await page.getByLabel('Their name (optional)').fill('Akiru Lomuria');
    await page.getByLabel('By SMS').check();
    await page.getByLabel('Mobile number for SMS').fill('+254722000222');
    await page.getByLabel('Gender (optional)').selectOption({ label: 'Female' });
    await page.getByRole('button', { name: 'Record the complaint' }).click();

    expect(await heading(page)).toBe('Complaint recorded');
    const trackingNumber = (await page.locator('.govuk-panel strong').innerText()).trim();
    expect(trackingNumber).toMatch(/^PW-/);
    const { rows } = await web.app.sql.query(
      `SELECT c.channel, c.walk_in_office, c.status, o.name AS handled_by, u.email AS recorded_by
         FROM complaints c JOIN organisations o ON o.id = c.handling_organisation_id JOIN users u ON u.id = c.recorded_by_id WHERE c.tracking_number = $1`,
      [canonical(trackingNumber)],
    );
    expect(rows).toEqual([
      {
        channel: 'WALK_IN',
        walk_in_office: 'Lodwar office',
        status: 'REFERRED',
        handled_by: 'Turkana Community Health Partners',
        recorded_by: DEMO_ACCOUNTS.partner,
      },
    ]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Print their receipt (PDF)' }).click()]);
    const pdf = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of pdf) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
    // Neither the pages nor the receipt carried the secret in an address.
    expect(requests.filter((url) => url.search.includes('secret'))).toEqual([]);

    await page.getByRole('link', { name: 'Open the complaint' }).click();
    expect(await heading(page)).toBe(trackingNumber);
    await page.getByText('Akiru Lomuria').waitFor();
  });

  it('re-shows a form with the error beside the field and the values kept', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.partner, `/login?next=/workspace/complaints/${fresh.id}`);
    await page.getByLabel('Rejected').check();
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Change the status' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Give the reason for rejecting the complaint: the complainant is told why' }).waitFor();
    await page.getByText('Error: Give the reason for rejecting the complaint').waitFor();
    expect(await page.getByLabel('Rejected').isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Add the note' }).click();
    await page.getByText('Error: Write the note').waitFor();

    await page.goto('/workspace/complaints/walk-in');
    await page.getByLabel('Office', { exact: true }).fill('Kakuma office');
    await page.getByLabel('What happened').fill('Too short');
    await page.getByLabel('By SMS').check();
    await page.getByLabel('Mobile number for SMS').fill('0712 345');
    await page.getByRole('button', { name: 'Record the complaint' }).click();
    await page.getByText('Error: Describe what happened in at least 10 characters').waitFor();
    await page.getByText('Error: Choose where it happened').waitFor();
    await page.getByText('Error: Enter the mobile number with the country code').waitFor();
    expect(await page.getByLabel('Office', { exact: true }).inputValue()).toBe('Kakuma office');
    expect(await page.getByLabel('Mobile number for SMS').inputValue()).toBe('0712 345');
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM complaints WHERE walk_in_office = 'Kakuma office'`);
    expect(rows[0].n).toBe(0);
  });

  it('changes a status once however often the form is sent (a double click, a replay)', async () => {
    const { page } = await web.visit();
    await signIn(page, DEMO_ACCOUNTS.partner, `/login?next=/workspace/complaints/${fresh.id}`);
    const token = await page.getByRole('main').locator('form[action$="/status"] input[name="_csrf"]').inputValue();
    const send = () => page.request.post(`/workspace/complaints/${fresh.id}/status`, { form: { _csrf: token, status: 'IN_PROGRESS' }, maxRedirects: 0 });
    const [first, second] = [await send(), await send()];
    expect(first.status()).toBe(303);
    expect(second.status()).toBe(409);
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1 AND kind = 'STATUS_CHANGED'`, [fresh.id]);
    expect(rows[0].n).toBe(1);
  });

  it('records a walk-in once however often its form is sent', async () => {
    const { page } = await web.visit();
    await signIn(page, DEMO_ACCOUNTS.waterPartner, '/login?next=/workspace/complaints/walk-in');
    const hidden = (name: string) => page.getByRole('main').locator(`input[name="${name}"]`).inputValue();
    const form = {
      _csrf: await hidden('_csrf'),
      organisationId: await hidden('organisationId'),
      office: 'Wajir office',
      description: 'The water kiosk at Wagberi charges twice the approved price.',
      areaCode: 'WAJIR',
      contactBy: 'NONE',
      language: 'en',
    };
    const send = () => page.request.post('/workspace/complaints/walk-in', { form, maxRedirects: 0 });
    const [first, second] = [await send(), await send()];
    // Created, and answered with the secret rather than redirected: no cache may keep it.
    expect(first.status()).toBe(201);
    expect(first.headers()['cache-control']).toBe('no-store');
    expect(second.status()).toBe(409);
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM complaints WHERE walk_in_office = 'Wajir office'`);
    expect(rows[0].n).toBe(1);
  });

  it('fits a 360 px wide phone: no page scrolls sideways', async () => {
    const { page } = await web.visit();
    await page.setViewportSize({ width: 360, height: 800 });
    await signIn(page, DEMO_ACCOUNTS.partner);
    for (const path of ['/workspace/complaints', `/workspace/complaints/${overdue.id}`, '/workspace/complaints/walk-in']) {
      await page.goto(path);
      expect({ path, width: await page.evaluate<number>('document.documentElement.scrollWidth') }).toEqual({ path, width: 360 });
    }
  });

  it('answers "not allowed" to a bidder opening the queue, and another partner opening this one\'s complaint', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.bidders[0]);
    for (const path of ['/workspace/complaints', '/workspace/complaints/walk-in', `/workspace/complaints/${overdue.id}`]) {
      expect((await page.goto(path))!.status()).toBe(403);
      expect(await heading(page)).toBe('You are not allowed to see this page');
    }
    expect(await page.getByRole('heading', { name: 'Complaints referred to you' }).count()).toBe(0);

    const water = (await web.visit({ javaScript: false })).page;
    await signIn(water, DEMO_ACCOUNTS.waterPartner);
    expect((await water.goto(`/workspace/complaints/${overdue.id}`))!.status()).toBe(403);
    await water.goto('/workspace/complaints');
    expect(await water.getByRole('main').innerText()).not.toContain(overdue.trackingNumber);
  });

  it('shows the queue in the same handful of SQL statements whatever the length of the page', async () => {
    for (let n = 0; n < 26; n++) await lodge(web.app, { ...HEALTH_IN_TURKANA, description: `Queue filler complaint number ${n} from Loima.` });
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.partner);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const queue = async (query: string) => {
      const response = await fetch(`${web.app.url}/workspace/complaints${query}`, { headers: { cookie: `pactwatch-session=${cookie.value}` } });
      return { status: response.status, html: await response.text() };
    };
    await queue(''); // the session's first touch is not the page's cost
    const full = await countQueries(web.app, () => queue(''));
    const one = await countQueries(web.app, () => queue('?status=ACKNOWLEDGED'));
    expect(full.result.status).toBe(200);
    expect(full.result.html.match(/Open complaint /g)!.length).toBe(25);
    expect(one.result.html.match(/Open complaint /g)!.length).toBe(1);
    expect(full.queries).toBe(one.queries);
    // The session, the user with their memberships, the page of complaints, their count, the sectors and areas for the filters.
    expect(full.queries).toBeLessThanOrEqual(7);
    expect(full.result.html).toContain('?page=2');
  });

  it.each(['en', 'ar'])(
    'has no serious accessibility problem on its pages in %s',
    async (lang) => {
      const { page } = await web.visit();
      await signIn(page, DEMO_ACCOUNTS.partner);
      await page.goto(`/workspace?lang=${lang}`);
      for (const path of ['/workspace', '/workspace/complaints', `/workspace/complaints/${overdue.id}`, '/workspace/complaints/walk-in']) {
        await page.goto(path);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        await expectAccessible(page);
      }
      // The form re-shown with its errors, and the answer to a recorded walk-in.
      await page.locator('form[action="/workspace/complaints/walk-in"] button').click();
      await page.locator('.govuk-error-summary').waitFor();
      await expectAccessible(page);
      await page.locator('#office').fill('Lodwar office');
      await page.locator('#description').fill('The clinic in Loima closes at noon every day.');
      await page.locator('#areaCode').selectOption('LOIMA');
      await page.locator('#contactBy-3').check();
      await page.locator('form[action="/workspace/complaints/walk-in"] button').click();
      await page.locator('.govuk-panel').waitFor();
      await expectAccessible(page);
    },
    120_000,
  );
});
