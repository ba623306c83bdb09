import type { Page } from 'playwright-core';
import { MONITORED_PROCUREMENT_REFERENCE } from '../src/seed/monitored-procurement-seed.service.js';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest, signIn, heading, submit } from './support/browser.js';
import { DEMO_ACCOUNTS } from './support/demo.js';
import { countQueries } from './support/query-counter.js';

const REF = MONITORED_PROCUREMENT_REFERENCE;

/** The message beside a field, and the same one linked from the summary at the top. */
async function refusedBeside(page: Page, field: string, message: string): Promise<void> {
  await page.getByRole('alert').getByRole('link', { name: message }).waitFor();
  expect(await page.getByLabel(field, { exact: true }).getAttribute('aria-describedby')).toContain('-error');
  expect(await page.locator('.govuk-error-message').allInnerTexts()).toContainEqual(expect.stringContaining(message));
}

/** The audit trail of a procurement (issue 12, item 8) and the platform administrator's pages (item 7), in the browser. */
describe('the audit trail and the administrator’s pages in the browser', () => {
  let web: WebTest;
  let procurementId: string;

  beforeAll(async () => {
    web = await startWebTest({}, { monitoringDemo: true });
    const { rows } = await web.app.sql.query<{ id: string }>('SELECT id FROM procurements WHERE reference = $1', [REF]);
    procurementId = rows[0].id;
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it('shows the monitor the audit trail of TCG/WTR/2026/003, newest first, who did what, with the chain verified (JavaScript off)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    await page.getByRole('link', { name: `See the audit trail ${REF}` }).click();
    expect(await heading(page)).toBe('Audit trail');
    expect(new URL(page.url()).pathname).toBe(`/workspace/procurements/${procurementId}/audit`);
    await page.getByText("The audit log's chain verifies.").waitFor();

    const rows = page.getByRole('table').getByRole('row');
    const shown = await rows.evaluateAll((trs) => trs.slice(1).map((tr) => (tr as unknown as { innerText: string }).innerText));
    const seqs = shown.map((text) => Number(/#(\d+)/.exec(text)![1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    // Who did what, in words: the newest entry's actor by name, the oldest one on the last page "Created the procurement".
    const { rows: newest } = await web.app.sql.query<{ action: string; name: string | null }>(
      `SELECT a.action, u.name FROM audit_entries a LEFT JOIN users u ON u.id = a.actor_id WHERE a.procurement_id = $1 ORDER BY a.seq DESC LIMIT 1`,
      [procurementId],
    );
    if (newest[0].name) expect(shown[0]).toContain(newest[0].name);
    expect(shown.join('\n')).not.toMatch(/\b(procurement|pact|finding)\.[a-z_]+\b/);
    const last = page.getByRole('link', { name: 'Next' });
    while (await last.count()) {
      await last.click();
      await page.waitForLoadState();
    }
    expect(await page.getByRole('table').getByRole('row').last().innerText()).toContain('Created the procurement');
  });

  it('says plainly when the chain under the entries shown does not verify', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    // The table is insert-only by trigger: a tamperer who gets past it is who the check is for.
    const { rows } = await web.app.sql.query<{ seq: string }>(
      `SELECT seq::text AS seq FROM audit_entries WHERE procurement_id = $1 ORDER BY seq DESC LIMIT 1`,
      [procurementId],
    );
    await web.app.sql.query(`ALTER TABLE audit_entries DISABLE TRIGGER USER`);
    try {
      await web.app.sql.query(`UPDATE audit_entries SET data = data || '{"tampered": true}' WHERE seq = $1`, [rows[0].seq]);
      await page.goto(`/workspace/procurements/${procurementId}/audit`);
      await page.getByText(`The audit log's chain does not verify: entry ${rows[0].seq} was altered or is missing.`).waitFor();
      await web.app.sql.query(`UPDATE audit_entries SET data = data - 'tampered' WHERE seq = $1`, [rows[0].seq]);
    } finally {
      await web.app.sql.query(`ALTER TABLE audit_entries ENABLE TRIGGER USER`);
    }
    await page.goto(`/workspace/procurements/${procurementId}/audit`);
    await page.getByText("The audit log's chain verifies.").waitFor();
  });

  it('answers "not allowed" to a bidder opening the audit trail, as GraphQL does', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.bidders[0]);
    expect((await page.goto(`/workspace/procurements/${procurementId}/audit`))!.status()).toBe(403);
    expect(await heading(page)).toBe('You are not allowed to see this page');
  });

  it('shows a page of the trail in the same number of SQL statements whatever the page', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const get = (query: string) => async () => {
      const response = await fetch(`${web.app.url}/workspace/procurements/${procurementId}/audit${query}`, {
        headers: { cookie: `pactwatch-session=${cookie.value}` },
      });
      return { status: response.status, html: await response.text() };
    };
    await get('')();
    const first = await countQueries(web.app, get(''));
    const second = await countQueries(web.app, get('?page=2'));
    expect(first.result.status).toBe(200);
    expect(second.result.status).toBe(200);
    // The session, the user, the procurement's parties (twice: the trail and the heading), its subject types, the page and its count,
    // the procurement, the actors' names and the hashes before the entries (each skipped when a page has none to look up).
    expect(Math.max(first.queries, second.queries)).toBeLessThanOrEqual(10);
  });

  it('lets the administrator create an organisation, a user in it and give an existing user a role, bad input re-shown beside its field (JavaScript off)', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.admin);
    await page.getByRole('heading', { name: 'Platform administration' }).waitFor();
    await page.getByRole('link', { name: 'Organisations', exact: true }).click();
    expect(await heading(page)).toBe('Organisations');
    await page.getByRole('button', { name: 'Create an organisation' }).click();

    // No name: the form comes back with the message beside the field, the kind chosen kept.
    await page.getByLabel('Contracting authority').check();
    expect(await submit(page, 'Create the organisation')).toBe(400);
    await refusedBeside(page, 'Name', "Enter the organisation's name, 2 to 200 characters");
    expect(await page.getByLabel('Contracting authority').isChecked()).toBe(true);
    await page.getByLabel('Name', { exact: true }).fill('Mombasa Water Services Board');
    await page.getByLabel('Country (optional)').fill('KE');
    expect(await submit(page, 'Create the organisation')).toBe(303);
    expect(await heading(page)).toBe('Mombasa Water Services Board');
    await page.getByText('The organisation has been created.').waitFor();

    // A new account: its email already taken, then free.
    await page.getByRole('button', { name: 'Create a user' }).click();
    await page.getByLabel('Full name').fill('Amina Odhiambo');
    await page.getByLabel('Email address').fill(DEMO_ACCOUNTS.authority.toUpperCase());
    await page.getByLabel('First password').fill('a long first password');
    await page.getByLabel('Signatory').check();
    expect(await submit(page, 'Create the user')).toBe(400);
    await refusedBeside(page, 'Email address', 'An account with this email address already exists: give it a role instead');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Amina Odhiambo');
    expect(await page.getByLabel('Signatory').isChecked()).toBe(true);
    expect(await page.getByLabel('First password').inputValue()).toBe('');
    await page.getByLabel('Email address').fill('amina.odhiambo@mombasa-water.example');
    await page.getByLabel('First password').fill('a long first password');
    await page.getByLabel('Job title (optional)').fill('Head of procurement');
    expect(await submit(page, 'Create the user')).toBe(303);
    await page.getByText('The account has been created with its role here.').waitFor();
    const members = page.getByRole('table', { name: 'Members and their roles' });
    expect(await members.innerText()).toMatch(/Amina Odhiambo[\s\S]*Head of procurement[\s\S]*amina\.odhiambo@mombasa-water\.example[\s\S]*Signatory/);

    // An existing account given a role here: an unknown email first.
    await page.getByRole('button', { name: 'Give an existing user a role' }).click();
    await page.getByLabel('Email address of the account').fill('nobody@mombasa-water.example');
    expect(await submit(page, 'Give the role')).toBe(400);
    await refusedBeside(page, 'Email address of the account', 'No account has this email address: create the user instead');
    await page.getByLabel('Email address of the account').fill(DEMO_ACCOUNTS.monitor);
    await page.getByLabel('Member', { exact: true }).check();
    expect(await submit(page, 'Give the role')).toBe(303);
    await page.getByText('The role has been given.').waitFor();
    expect(await members.innerText()).toContain(DEMO_ACCOUNTS.monitor);

    // The accounts, with their organisations and roles, and the way to sign one out everywhere.
    await page.goto('/workspace');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    expect(await heading(page)).toBe('Users');
    expect(await page.getByRole('row', { name: /Amina Odhiambo/ }).innerText()).toContain('Mombasa Water Services Board: Signatory');
    await page.getByRole('link', { name: 'Sign a user out everywhere' }).click();
    expect(await heading(page)).toBe('Sign a user out everywhere');

    const { rows } = await web.app.sql.query(
      `SELECT a.action FROM audit_entries a JOIN organisations o ON o.id = a.subject_id WHERE o.name = 'Mombasa Water Services Board' ORDER BY a.seq`,
    );
    expect(rows.map((r) => r.action)).toEqual(['organisation.created', 'membership.granted', 'membership.granted']);
  });

  it("revokes a membership from the account's page after asking to confirm; another role's POST is not allowed (JavaScript off)", async () => {
    const { rows: created } = await web.app.sql.query<{ userId: string; organisationId: string; name: string }>(
      `WITH o AS (INSERT INTO organisations (name, kind) VALUES ('Lamu Port Authority', 'CONTRACTING_AUTHORITY') RETURNING id)
       INSERT INTO memberships (user_id, organisation_id, role) SELECT u.id, o.id, 'MEMBER' FROM users u, o WHERE u.email = $1
       RETURNING user_id AS "userId", organisation_id AS "organisationId", (SELECT name FROM users WHERE email = $1) AS name`,
      [DEMO_ACCOUNTS.monitor],
    );
    const { userId, organisationId, name } = created[0];
    const revokePath = `/admin/users/${userId}/memberships/${organisationId}/revoke`;
    const stillThere = async () =>
      (await web.app.sql.query(`SELECT 1 FROM memberships WHERE user_id = $1 AND organisation_id = $2`, [userId, organisationId])).rowCount;

    // The authority's demo account administers its own organisation, not the platform: refused, the form's token valid.
    const other = (await web.visit({ javaScript: false })).page;
    await signIn(other, DEMO_ACCOUNTS.authority);
    const token = await other.locator('input[name="_csrf"]').first().inputValue();
    const refused = await other.request.post(revokePath, { form: { _csrf: token }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('You are not allowed');
    expect(await stillThere()).toBe(1);

    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.admin, '/login?next=/admin/users');
    await page.getByRole('link', { name, exact: true }).click();
    expect(await heading(page)).toBe(name);
    const memberships = page.getByRole('table', { name: 'Organisations and roles' });
    await memberships.getByRole('button', { name: 'Revoke the role at Lamu Port Authority' }).click();
    expect(await heading(page)).toBe('Revoke a role');
    await page.getByText(`${name} will no longer be Member at Lamu Port Authority.`).waitFor();
    expect(await stillThere()).toBe(1);
    expect(await submit(page, 'Yes, revoke the role')).toBe(303);
    await page.getByText('The role has been revoked.').waitFor();
    expect(await memberships.innerText()).not.toContain('Lamu Port Authority');
    expect(await stillThere()).toBe(0);
    const { rows: audit } = await web.app.sql.query(`SELECT data FROM audit_entries WHERE subject_id = $1 AND action = 'membership.revoked'`, [organisationId]);
    expect(audit).toEqual([{ data: { userId } }]);

    // The two new pages, once each with axe (it needs JavaScript), in Arabic, where a right-to-left table is the likelier to break.
    const seen = (await web.visit()).page;
    await signIn(seen, DEMO_ACCOUNTS.admin);
    await seen.goto(`/admin/users/${userId}?lang=ar`);
    expect(await seen.locator('html').getAttribute('dir')).toBe('rtl');
    await expectAccessible(seen);
    await seen.getByRole('table').getByRole('button').first().click();
    await seen.waitForLoadState();
    expect(new URL(seen.url()).pathname).toMatch(/\/revoke$/);
    await expectAccessible(seen);
  });

  it('stores a double-submitted organisation once', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.admin);
    await page.goto('/admin/organisations/new');
    const token = await page.getByRole('main').locator('input[name="_csrf"]').inputValue();
    const send = () => page.request.post('/admin/organisations/new', { form: { _csrf: token, name: 'Sent Twice Ltd', kind: 'BIDDER' }, maxRedirects: 0 });
    expect((await send()).status()).toBe(303);
    const again = await send();
    expect(again.status()).toBe(409);
    expect(await again.text()).toContain('This form has already been sent');
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM organisations WHERE name = 'Sent Twice Ltd'`);
    expect(rows[0].n).toBe(1);
  });

  it('answers "not allowed" to a bidder, a monitor and an organisation\'s own admin opening the administrator\'s pages', async () => {
    const { rows } = await web.app.sql.query<{ id: string }>(`SELECT id FROM organisations ORDER BY name LIMIT 1`);
    const { rows: members } = await web.app.sql.query<{ user_id: string }>(`SELECT user_id FROM memberships WHERE organisation_id = $1 LIMIT 1`, [rows[0].id]);
    const paths = [
      '/admin/organisations',
      '/admin/organisations/new',
      `/admin/organisations/${rows[0].id}`,
      `/admin/organisations/${rows[0].id}/users/new`,
      `/admin/users/${members[0].user_id}`,
      `/admin/users/${members[0].user_id}/memberships/${rows[0].id}/revoke`,
    ];
    // The authority's demo account is its organisation's ADMIN: managing its own members is GraphQL's, not these pages'.
    for (const email of [DEMO_ACCOUNTS.bidders[0], DEMO_ACCOUNTS.monitor, DEMO_ACCOUNTS.authority]) {
      const { page } = await web.visit({ javaScript: false });
      await signIn(page, email);
      expect(await page.getByRole('heading', { name: 'Platform administration' }).count()).toBe(0);
      for (const path of [...paths, `/admin/organisations/${rows[0].id}/members/new`, '/admin/users', '/admin/sessions']) {
        expect((await page.goto(path))!.status()).toBe(403);
        expect(await heading(page)).toBe('You are not allowed to see this page');
      }
    }
  });

  it('shows the lists of organisations and users in the same number of SQL statements whatever the page', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.admin);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const get = (path: string) => async () => {
      const response = await fetch(`${web.app.url}${path}`, { headers: { cookie: `pactwatch-session=${cookie.value}` } });
      return { status: response.status, html: await response.text() };
    };
    await get('/admin/users')();
    const users = await countQueries(web.app, get('/admin/users'));
    const organisations = await countQueries(web.app, get('/admin/organisations'));
    expect([users.result.status, organisations.result.status]).toEqual([200, 200]);
    // The session, the user, the page of accounts, their count, their memberships.
    expect(users.queries).toBeLessThanOrEqual(5);
    // The session, the user, the page of organisations, their count.
    expect(organisations.queries).toBeLessThanOrEqual(4);
  });

  it.each(['en', 'ar'])(
    "has no serious accessibility problem on the administrator's pages in %s",
    async (lang) => {
      const { page } = await web.visit();
      await signIn(page, DEMO_ACCOUNTS.admin);
      await page.goto(`/workspace?lang=${lang}`);
      await expectAccessible(page);
      const { rows } = await web.app.sql.query<{ id: string }>(`SELECT id FROM organisations ORDER BY name LIMIT 1`);
      for (const path of [
        '/admin/organisations',
        '/admin/organisations/new',
        `/admin/organisations/${rows[0].id}`,
        `/admin/organisations/${rows[0].id}/users/new`,
        `/admin/organisations/${rows[0].id}/members/new`,
        '/admin/users',
      ]) {
        await page.goto(path);
        await expectAccessible(page);
      }
      // A form re-shown with its errors.
      await page.goto('/admin/organisations/new');
      await page.getByRole('main').getByRole('button').click();
      await page.waitForLoadState();
      await expectAccessible(page);
    },
    WEB_SETUP_TIMEOUT,
  );

  it.each(['en', 'ar'])(
    'has no serious accessibility problem on the audit trail in %s',
    async (lang) => {
      const { page } = await web.visit();
      await signIn(page, DEMO_ACCOUNTS.monitor);
      await page.goto(`/workspace/procurements/${procurementId}/audit?lang=${lang}`);
      await expectAccessible(page);
    },
    WEB_SETUP_TIMEOUT,
  );
});
