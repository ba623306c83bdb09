import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest } from './support/browser.js';

const MONITORED = 'TCG/WTR/2026/003';
const PAGES = ['/', '/procurements', `/procurements/${MONITORED}`, '/procurements/NO/SUCH', '/verify', '/verify/offline', '/report', '/track', '/statistics'];
const LANGUAGES = ['en', 'sw', 'fr', 'ar'];
/** Where the screenshots go: look at them to see the Arabic page mirrored. */
const SCREENSHOTS = join(tmpdir(), 'pactwatch-screenshots');

/** Journey 7 for the pages so far: every page in every language, accessible, in the right direction, with the choice remembered. */
describe('the website in four languages', () => {
  let web: WebTest;

  beforeAll(async () => {
    web = await startWebTest({}, { monitoringDemo: true });
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it.each(LANGUAGES)(
    'has no serious or critical accessibility violation on any page in %s',
    async (lang) => {
      const { page } = await web.visit();
      for (const path of PAGES) {
        await page.goto(`${path}?lang=${lang}`);
        expect({ path, lang: await page.getAttribute('html', 'lang') }).toEqual({ path, lang });
        await expectAccessible(page);
      }
    },
    120_000,
  );

  it('lays the Arabic case file out right to left, keeping the reference and hashes left to right', async () => {
    const { page } = await web.visit({ locale: 'ar' });
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(`/procurements/${MONITORED}`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Drilling and equipping of community boreholes in Loima sub-county');
    await page.getByRole('heading', { name: 'ميثاق النزاهة' }).waitFor();
    // The reference reads TCG/WTR/2026/003 inside the right-to-left page, not 003/2026/WTR/TCG.
    const isolated = page.getByText(MONITORED, { exact: true }).first();
    expect(await isolated.evaluate((element) => [element.tagName, element.getAttribute('dir')])).toEqual(['BDI', 'ltr']);
    // Mirrored: the product name, first in reading order, sits at the right of the page.
    const brand = await page.getByRole('link', { name: 'Pactwatch' }).boundingBox();
    expect(brand!.x).toBeGreaterThan(1024 / 2);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'case-file-ar.png'), fullPage: true });
  });

  it('lays the Arabic report form out right to left on a 360-pixel phone', async () => {
    const { page } = await web.visit({ locale: 'ar' });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/report');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.getByRole('heading', { level: 1, name: 'الإبلاغ عن مشكلة' }).waitFor();
    // Mirrored: the product name ends at the right edge of the screen (less the page margin).
    const brand = (await page.getByRole('link', { name: 'Pactwatch' }).boundingBox())!;
    expect(brand.x + brand.width).toBeGreaterThan(360 - 30);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-ar.png'), fullPage: true });
  });

  it('remembers the language chosen with the switch, and otherwise follows the browser', async () => {
    const { page } = await web.visit({ javaScript: false, locale: 'fr-FR' });
    await page.goto(`/procurements/${MONITORED}`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // Dates and amounts are written for the language, in the platform's time zone.
    expect(await page.getByText('septembre 2026', { exact: false }).first().innerText()).toMatch(/1 septembre 2026 – 29 septembre 2026/);
    expect(await page.getByText('KES', { exact: false }).first().innerText()).toMatch(/21\s000\s000,00\sKES/);

    await page.getByRole('navigation', { name: 'Langue' }).getByRole('link', { name: 'Kiswahili' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('sw');
    await page.getByRole('navigation', { name: 'Menyu kuu' }).getByRole('link', { name: 'Rejista ya zabuni' }).click();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getAttribute('html', 'lang')).toBe('sw');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Rejista ya zabuni');
  });
});
