import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/seed/demo-seeder.service.js';
import { MONITORED_PROCUREMENT_REFERENCE } from '../src/seed/monitored-procurement-seed.service.js';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest } from './support/browser.js';
import { DEMO_ACCOUNTS } from './support/demo.js';
import { countQueries } from './support/query-counter.js';

const REF = MONITORED_PROCUREMENT_REFERENCE;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login?lang=en');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

/** The audit trail of a procurement (issue 12, item 8) and the platform administrator's pages (item 7), in the browser. */
describe('the audit trail and the administrator’s pages in the browser', () => {
  let web: WebTest;
  let procurementId: string;

  beforeAll(async () => {
    web = await startWebTest({ seedMonitoringDemo: true }, { emptyDatabase: true });
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
