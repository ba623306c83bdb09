import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashComplaintSecret, newComplaintSecret } from '../src/complaints/complaint-secret.js';
import { newTrackingNumber } from '../src/complaints/tracking-number.js';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest } from './support/browser.js';
import { startTestApp } from './support/test-app.js';

/** Where the screenshots go: look at the Arabic one to see the charts mirrored. */
const SCREENSHOTS = join(tmpdir(), 'pactwatch-screenshots');
const HEALTH_PARTNER = 'Turkana Community Health Partners';

/**
 * Twenty complaints lodged in January 2026, a month that has ended, so the public sees them:
 * ten about health, seven about water, three about education. Three is a small count, so
 * education is withheld, and water with it (else 20 − 10 − 7 would give the three back).
 */
const SECTORS = [...Array<string>(10).fill('HEALTH'), ...Array<string>(7).fill('WATER'), ...Array<string>(3).fill('EDUCATION')];

async function lodgeInJanuary(web: WebTest): Promise<void> {
  const { rows } = await web.app.sql.query<{ id: string }>('SELECT id FROM organisations WHERE name = $1', [HEALTH_PARTNER]);
  for (const [index, sector] of SECTORS.entries()) {
    const lodged = new Date(Date.UTC(2026, 0, 5 + index, 8)).toISOString();
    const hoursLater = (hours: number) => new Date(Date.parse(lodged) + hours * 3_600_000).toISOString();
    await web.app.sql.query(
      `INSERT INTO complaints (id, tracking_number, channel, status, description, sector_id, type_id, area_id, gender, age_group, language,
                               anonymous, secret_hash, contact_by, handling_organisation_id, referred_at, first_action_at, resolved_at, created_at, updated_at)
       VALUES ($1, $2, 'WEB', 'RESOLVED', 'A complaint counted by the statistics page',
               (SELECT id FROM complaint_sectors WHERE code = $3), (SELECT id FROM complaint_types WHERE code = 'SERVICE_DELIVERY'),
               (SELECT id FROM areas WHERE code = 'LOIMA'), $4::complainant_gender, 'FROM_18_TO_35', 'en', true, $5, 'NONE', $6, $7, $8, $9, $7, $7)`,
      [
        randomUUID(),
        newTrackingNumber(),
        sector,
        index % 2 ? 'MALE' : 'FEMALE',
        hashComplaintSecret(newComplaintSecret()),
        rows[0].id,
        lodged,
        hoursLater(2 + index),
        hoursLater(48 + index),
      ],
    );
  }
}

/** Journey 6 of the website: the public complaint statistics, as charts with their tables and as files. */
describe('the public complaint statistics in a browser', () => {
  let web: WebTest;

  beforeAll(async () => {
    web = await startWebTest();
    await lodgeInJanuary(web);
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it('shows January by sector as a chart and a table, the small count and its complement withheld, without JavaScript', async () => {
    const visitor = await web.visit({ javaScript: false });
    const { page } = visitor;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaint statistics' }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Complaint statistics');
    // The form offers no month that has not ended.
    const lastEnded = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    expect(await page.getByLabel('To the month').getAttribute('max')).toBe(lastEnded);
    await page.getByLabel('From the month').fill('2026-01');
    await page.getByLabel('To the month').fill('2026-01');
    await page.getByRole('button', { name: 'Show the figures' }).click();
    expect(await page.getByRole('status').innerText()).toBe('Complaints lodged from January 1, 2026 to January 31, 2026. Complaints in all: 20.');

    await page.getByRole('img', { name: 'Complaints by sector' }).waitFor();
    const table = page.getByRole('table', { name: 'Figures of the chart: Complaints by sector' });
    const cells = async (label: string) => (await table.getByRole('row', { name: label }).getByRole('cell').innerText()).trim();
    expect(await cells('Health')).toBe('10');
    expect(await cells('Water and sanitation')).toBe('withheld');
    expect(await cells('Education')).toBe('withheld');
    // The chart draws the same: the word where the withheld bars would be, and no 3 or 7 anywhere in it.
    const chart = await page.getByRole('img', { name: 'Complaints by sector' }).innerHTML();
    expect(chart.match(/>withheld</g)).toHaveLength(2);
    expect(chart).not.toMatch(/>(3|7)</);

    // The public asks for whole months: its series is the months, each with its table; the weeks are left to those who may read every figure.
    await page.getByRole('img', { name: 'Complaints lodged each month' }).waitFor();
    const months = page.getByRole('table', { name: 'Figures of the chart: Complaints lodged each month' });
    expect(await months.getByRole('columnheader').allInnerTexts()).toEqual(['Month', 'Complaints lodged']);
    expect(await months.getByRole('row', { name: 'January 2026' }).getByRole('cell').innerText()).toBe('20');
    expect(await page.getByRole('img', { name: 'Complaints lodged each week' }).count()).toBe(0);
    const times = page.getByRole('table', { name: 'Figures of the chart: Time taken to act and to resolve' });
    const firstAction = times.getByRole('row', { name: 'First action: half within' });
    expect(await firstAction.getByRole('cell').innerText()).toMatch(/^\d+(\.\d)?$/);
    // Drawn without inline style or script: nothing the Content-Security-Policy refuses, nothing from another host.
    expect(visitor.consoleErrors).toEqual([]);
    expect(visitor.requests.filter((url) => url.origin !== new URL(web.app.url).origin).map(String)).toEqual([]);
  });

  it('downloads the same figures as CSV and PDF from the links under them', async () => {
    const { page } = await web.visit();
    await page.goto('/statistics?from=2026-01&to=2026-01');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Complaint statistics (CSV spreadsheet)' }).click()]);
    expect(download.suggestedFilename()).toBe('complaint-statistics_2026-01-01_to-2026-01-31.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('sector,HEALTH,Health,10,false');
    expect(csv).toContain('sector,EDUCATION,Education,,true');
    const pdf = await page.request.get((await page.getByRole('link', { name: 'Complaint statistics (PDF)' }).getAttribute('href'))!);
    expect({ status: pdf.status(), type: pdf.headers()['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
  });

  it('answers a bad address or a month not ended with a page and a 400, never a server error', async () => {
    const { page } = await web.visit({ javaScript: false });
    for (const path of ['/statistics?from=banana', '/statistics?to=2026-13', '/statistics?to=2999-01', '/statistics?from=2026-03&to=2026-01']) {
      const response = await page.goto(path);
      expect({ path, status: response!.status() }).toEqual({ path, status: 400 });
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('This address is not valid');
    }
  });

  it('is accessible in the four languages, and mirrored in Arabic with its numbers written for the language', async () => {
    const { page } = await web.visit();
    for (const lang of ['en', 'sw', 'fr', 'ar']) {
      await page.goto(`/statistics?from=2026-01&to=2026-01&lang=${lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectAccessible(page);
    }
    await page.setViewportSize({ width: 1024, height: 800 });
    const chart = page.getByRole('img', { name: 'الشكاوى حسب القطاع' });
    expect(await chart.getAttribute('direction')).toBe('rtl');
    // The bars grow from the right: the Health bar ends at the right of the chart.
    const frame = (await chart.boundingBox())!;
    const bar = (await chart.locator('rect').first().boundingBox())!;
    expect(bar.x + bar.width).toBeGreaterThan(frame.x + frame.width / 2);
    const table = page.getByRole('table', { name: 'أرقام الرسم البياني: الشكاوى حسب القطاع' });
    expect(await table.getByRole('row', { name: 'Education' }).getByRole('cell').innerText()).toBe('محجوب');
    expect(await table.getByRole('row', { name: 'Health' }).getByRole('cell').innerText()).toBe(new Intl.NumberFormat('ar').format(10));
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'statistics-ar.png'), fullPage: true });
    await chart.screenshot({ path: join(SCREENSHOTS, 'statistics-ar-sector-chart.png') });
    // The month named in Arabic, its count in Arabic digits.
    const january = new Intl.DateTimeFormat('ar', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date('2026-01-15'));
    const months = page.getByRole('table', { name: 'أرقام الرسم البياني: الشكاوى المقدّمة كل شهر' });
    expect(await months.getByRole('row', { name: january }).getByRole('cell').innerText()).toBe(new Intl.NumberFormat('ar').format(20));
    await page.getByRole('img', { name: 'الشكاوى المقدّمة كل شهر' }).screenshot({ path: join(SCREENSHOTS, 'statistics-ar-monthly-chart.png') });
  }, 60_000);
});

describe('the statistics page for a visitor over the anonymous budget', () => {
  it(
    'answers 429 with a page that says when to come back',
    async () => {
      // Room for one statistics (cost 100) a minute.
      const app = await startTestApp({ anonymousCostPerMinute: 150 });
      try {
        expect((await fetch(`${app.url}/statistics`)).status).toBe(200);
        const refused = await fetch(`${app.url}/statistics`);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused.headers.get('content-type')).toContain('text/html');
        expect(await refused.text()).toContain('Too many requests');
      } finally {
        await app.close();
      }
    },
    WEB_SETUP_TIMEOUT,
  );
});
