import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ClockService } from '../src/clock/clock.service.js';
import { DEMO_PASSWORD } from '../src/seed/demo-seeder.service.js';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest } from './support/browser.js';
import { countQueries } from './support/query-counter.js';
import { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE, demoWorld, PUBLISH, SIGN, type DemoWorld } from './support/demo.js';

const [BIDDER1, BIDDER2, BIDDER3] = DEMO_ACCOUNTS.bidders;

/** Signs in through /login as a person does; the page ends where the sign-in sent it. */
async function signIn(page: Page, email: string, password = DEMO_PASSWORD, start = '/login'): Promise<void> {
  await page.goto(start);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

/** The staff workspace's sign-in (issue 12): sessions in PostgreSQL, and the bidder's journey from its home page to a signed pact. */
describe('signing in to the workspace, and a bidder signing its pact', () => {
  let web: WebTest;
  let world: DemoWorld;
  let version: { id: string; contentHash: string };

  beforeAll(async () => {
    web = await startWebTest();
    world = await demoWorld(web.app);
    version = (await web.app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority)).publishPactDraft;
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it('lets the demo bidder read its pact, sign it with its name and a confirmation, and see how anyone can verify it (JavaScript off)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, BIDDER1);
    expect(new URL(page.url()).pathname).toBe('/workspace');
    expect(await heading(page)).toBe('Your workspace');
    await page.getByText('Signed in as Peter Lokorio').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.getByRole('link', { name: `Read version 1 ${DEMO_PROCUREMENT_REFERENCE}` }).click();
    expect(await heading(page)).toBe('Integrity Pact, version 1');
    await page.getByText(version.contentHash).waitFor();
    const pdf = await page.getByRole('link', { name: 'Download the pact (PDF)' }).getAttribute('href');
    expect((await page.request.get(pdf!)).headers()['content-type']).toContain('application/pdf');

    // Someone else's name is not a signature: the form comes back with the error beside the field, the box still ticked.
    await page.getByLabel('Your full name').fill('Grace Chebet');
    await page.getByLabel(/I have read version 1 of this pact/).check();
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign the pact' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Type your name exactly as it is on your account' }).waitFor();
    expect(await page.getByLabel('Your full name').inputValue()).toBe('Grace Chebet');
    expect(await page.getByLabel(/I have read version 1 of this pact/).isChecked()).toBe(true);

    await page.getByLabel('Your full name').fill('peter  lokorio ');
    await page.getByRole('button', { name: 'Sign the pact' }).click();
    expect(await heading(page)).toBe('Pact signed');
    const signatureId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText(signatureId).first().waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Check a document' }).waitFor();
    const { signature } = await web.app.ok(`query ($id: ID!) { signature(id: $id) { signerName organisationName versionHash } }`, { id: signatureId });
    expect(signature).toEqual({ signerName: 'Peter Lokorio', organisationName: 'Lodwar Medical Supplies Ltd', versionHash: version.contentHash });

    await page.getByRole('link', { name: 'Back to your workspace' }).click();
    await page.getByRole('link', { name: `See the signature ${DEMO_PROCUREMENT_REFERENCE}` }).waitFor();
  });

  it('re-shows the form with an error beside the password when it is wrong, the email kept and no password sent back', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/login');
    await page.getByLabel('Email address').fill(BIDDER2);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'The email address or the password is not right' }).waitFor();
    expect(await page.getByText('Error: The email address or the password is not right').count()).toBe(1);
    expect(await page.getByLabel('Email address').inputValue()).toBe(BIDDER2);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await response.text()).not.toContain('not the password');
  });

  it('sends a signed-out visitor asking for a staff page to sign in, then back to that page; never to another site', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto(`/workspace/pacts/${version.id}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Email address').fill(BIDDER2);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe(`/workspace/pacts/${version.id}`);

    const other = (await web.visit({ javaScript: false })).page;
    await signIn(other, BIDDER2, DEMO_PASSWORD, '/login?next=//evil.example/phish');
    expect(page.url()).toContain(web.app.url);
    expect(new URL(other.url()).pathname).toBe('/workspace');
  });

  it('signs out after the idle time, on the next request', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, BIDDER2);
    expect(await heading(page)).toBe('Your workspace');
    const clock = web.app.running.app.get(ClockService);
    const later = new Date(Date.now() + 31 * 60 * 1000);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => later);
    try {
      await page.goto('/workspace');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.getByText('Signed in as').count()).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('signs out 12 hours after signing in, however active the session was', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, BIDDER2);
    // As if signed in 12 hours and a minute ago, and used a moment ago: only the absolute limit has passed.
    await web.app.sql.query(
      `UPDATE web_sessions SET started_at = now() - interval '12 hours 1 minute', last_seen_at = now() WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
      [BIDDER2],
    );
    await page.goto('/workspace');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('after signing out, the back button shows no staff page, and the old session cookie signs nobody in', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, BIDDER2);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();

    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByText('Signed in as').count()).toBe(0);

    const replayed = await fetch(`${web.app.url}/workspace`, { headers: { cookie: `pactwatch-session=${cookie.value}` }, redirect: 'manual' });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toBe('/login?next=%2Fworkspace');
  });

  it('answers "not allowed" when a bidder opens an administrator\'s page, or a monitor a bidder\'s', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, BIDDER2);
    const refused = await page.goto('/admin/sessions');
    expect(refused!.status()).toBe(403);
    expect(await heading(page)).toBe('You are not allowed to see this page');
    await page.getByText('Signed in as Grace Chebet').waitFor();

    const monitor = (await web.visit({ javaScript: false })).page;
    await signIn(monitor, DEMO_ACCOUNTS.monitor);
    expect((await monitor.goto(`/workspace/pacts/${version.id}`))!.status()).toBe(403);
    expect(await heading(monitor)).toBe('You are not allowed to see this page');
  });

  it('signs once however often the form is sent: a replayed form is refused, and Back shows the pact as signed', async () => {
    const { page } = await web.visit();
    await signIn(page, BIDDER3);
    await page.goto(`/workspace/pacts/${version.id}`);
    // The form exactly as the browser would send it, twice over (a double click, a replay).
    const hidden = (name: string) => page.getByRole('main').locator(`input[name="${name}"]`).inputValue();
    const form = { _csrf: await hidden('_csrf'), organisationId: await hidden('organisationId'), signerName: 'Hassan Abdi', confirm: 'yes' };
    const send = () => page.request.post(`/workspace/pacts/${version.id}`, { form, maxRedirects: 0 });
    const [first, second] = [await send(), await send()];
    expect(first.status()).toBe(303);
    expect(second.status()).toBe(409);

    await page.goto(first.headers().location);
    expect(await heading(page)).toBe('Pact signed');
    await page.goBack();
    await page.getByText('Your organisation has signed this version.').waitFor();
    expect(await page.getByRole('button', { name: 'Sign the pact' }).count()).toBe(0);
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM signatures WHERE pact_version_id = $1 AND organisation_id = $2`, [
      version.id,
      world.bidderIds[2],
    ]);
    expect(rows[0].n).toBe(1);
  });

  it("signs a user out at once when an administrator revokes the user's sessions", async () => {
    const bidder = (await web.visit({ javaScript: false })).page;
    await signIn(bidder, BIDDER2);
    expect(await heading(bidder)).toBe('Your workspace');

    const admin = (await web.visit({ javaScript: false })).page;
    await signIn(admin, DEMO_ACCOUNTS.admin, DEMO_PASSWORD, '/login?next=/admin/sessions');
    expect(await heading(admin)).toBe('Sign a user out everywhere');
    await admin.getByLabel('Email address of the account').fill(BIDDER2);
    await admin.getByRole('button', { name: 'Sign out everywhere' }).click();
    await admin.getByText('The account has been signed out everywhere.').waitFor();

    await bidder.goto('/workspace');
    expect(new URL(bidder.url()).pathname).toBe('/login');
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1`, [BIDDER2]);
    expect(rows[0].n).toBe(0);
  });

  it('changes a password given the current one, with errors beside the fields', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.implementer);
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByLabel('Current password').fill('wrong password');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('New password again').fill('different');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Error: Enter a new password of at least 12 characters').waitFor();
    await page.getByText('Error: Type the same new password twice').waitFor();

    await page.getByLabel('Current password').fill('wrong password');
    await page.getByLabel('New password', { exact: true }).fill('lake turkana sunrise');
    await page.getByLabel('New password again').fill('lake turkana sunrise');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Error: The current password is not right').waitFor();

    await page.getByLabel('Current password').fill(DEMO_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('lake turkana sunrise');
    await page.getByLabel('New password again').fill('lake turkana sunrise');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed.').waitFor();

    const fresh = (await web.visit({ javaScript: false })).page;
    await signIn(fresh, DEMO_ACCOUNTS.implementer, 'lake turkana sunrise');
    expect(await heading(fresh)).toBe('Your workspace');
  });

  it('keeps GraphQL on bearer tokens: a session cookie signs nobody in there', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, BIDDER1);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const response = await fetch(`${web.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `pactwatch-session=${cookie.value}` },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("shows a bidder its own bids only, never a rival's before the award", async () => {
    const RECORD_BID = `mutation ($input: RecordBidInput!) { recordBid(input: $input) { id } }`;
    for (const [index, amount] of [
      [0, '47000000.00'],
      [1, '52500000.00'],
    ] as const) {
      await web.app.ok(
        RECORD_BID,
        { input: { procurementId: world.procurementId, bidderId: world.bidderIds[index], amount, receivedAt: '2026-11-20T08:00:00Z' } },
        world.tokens.authority,
      );
    }
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, BIDDER1);
    const bids = page.getByRole('table', { name: 'Your bids' });
    expect(await bids.innerText()).toContain('47000000.00');
    expect(await page.getByRole('main').innerText()).not.toContain('52500000.00');
  });

  it('shows the workspace in a fixed handful of SQL statements (one per kind of thing listed, none per row)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, BIDDER1);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const home = () => fetch(`${web.app.url}/workspace`, { headers: { cookie: `pactwatch-session=${cookie.value}` } });
    const { queries, result } = await countQueries(web.app, home);
    expect(result.status).toBe(200);
    // The session, the user with their memberships, the pacts to sign, the bids of those procurements (and at most one touch of the session).
    expect(queries).toBeLessThanOrEqual(5);
  });

  it.each(['en', 'ar'])(
    'has no serious accessibility problem on its pages in %s (the not-allowed page included)',
    async (lang) => {
      // Signed already by the first test; signing again returns the same record, so this test also runs alone.
      await web.app.ok(SIGN, { input: { pactVersionId: version.id, organisationId: world.bidderIds[0], consent: true } }, world.tokens.bidders[0]);
      const { page } = await web.visit();
      await page.goto(`/login?lang=${lang}`);
      await expectAccessible(page);
      // Signed in through the English form (the labels this file knows), then the language switch's cookie holds.
      await page.goto('/login?lang=en');
      await signIn(page, BIDDER1);
      await page.goto(`/workspace?lang=${lang}`);
      for (const path of ['/workspace', `/workspace/pacts/${version.id}`, '/account', '/admin/sessions']) {
        await page.goto(path);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        await expectAccessible(page);
      }
      await page.goto('/workspace');
      await page
        .getByRole('link', { name: lang === 'en' ? /See the signature/ : /عرض التوقيع/ })
        .first()
        .click();
      expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      await expectAccessible(page);
    },
    120_000,
  );
});
