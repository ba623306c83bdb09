/**
 * The screenshots of the README's "Walk through it in the browser" (issue 12): the pact lifecycle
 * and a complaint's referral, done in Chromium as the people of the demo do them, by the labels on
 * the pages, each important step saved as docs/walkthrough-NN-<step>.png.
 *
 *   npm run docs:screenshots
 *
 * Pactwatch runs as `npm start` runs it (production mode, built if needed) on a fresh database of
 * the embedded PostgreSQL with the demo data, as the benchmarks start it (bench/load-servers.ts);
 * nothing is set up behind the browser's back. Shots are the viewport, 1280×800, or 360 pixels wide
 * for the steps people take on a phone; `pngquant`, when installed, makes them smaller.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { openDatabase, ROOT, startPactwatch } from '../bench/load-servers.js';
import { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE } from '../src/seed/demo-seeder.service.js';
import { CHROMIUM, heading, signIn, submit } from '../test/support/browser.js';

const DATA_DIR = join(tmpdir(), 'pactwatch-walkthrough');
const DATABASE = 'pactwatch_walkthrough';
const DOCS = join(ROOT, 'docs');
const REF = DEMO_PROCUREMENT_REFERENCE;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

/** What the authority adds to the draft's clause on the monitor. */
const NEW_PARAGRAPH =
  'Anyone may report a suspected breach of this Pact on Pactwatch or at the county complaints desk; the report is referred to the organisation that can act on it.';

const saved: string[] = [];

/** The viewport as it is, with `focus` (if given) scrolled to the top, as docs/walkthrough-<name>.png. */
async function shoot(page: Page, name: string, focus?: Locator): Promise<void> {
  // Typed by hand: this file is type-checked without the DOM's types.
  if (focus) await focus.evaluate((element: { scrollIntoView(options: { block: 'start' }): void }) => element.scrollIntoView({ block: 'start' }));
  const path = join(DOCS, `walkthrough-${name}.png`);
  await page.screenshot({ path });
  saved.push(path);
  console.log(`${name}: ${page.url()}`);
}

/** A person with a browser of their own (their own cookies), on a desktop screen or a phone. */
async function person(browser: Browser, base: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, viewport, locale: 'en-GB' });
  return context.newPage();
}

/** Fails the walk when a step did not do what its screenshot will claim. */
function expectText(actual: string, expected: string | RegExp, step: string): void {
  if (typeof expected === 'string' ? actual !== expected : !expected.test(actual))
    throw new Error(`${step}: expected ${String(expected)}, the page says "${actual}"`);
}

/** Clicks a form's button and fails the walk unless the form was taken (303, then the page it leads to). */
async function send(page: Page, button: string): Promise<void> {
  const status = await submit(page, button);
  if (status !== 303) throw new Error(`"${button}" was answered ${status}: ${await heading(page)}`);
}

/** The authority publishes and signs the pact and opens the tender; a bidder signs; the public reads and checks it. */
async function pactLifecycle(browser: Browser, base: string): Promise<void> {
  const authority = await person(browser, base);
  await signIn(authority, DEMO_ACCOUNTS.authority);
  expectText(await heading(authority), 'Your workspace', 'authority home');
  const procurements = authority.getByRole('table', { name: 'Your procurements' });
  await procurements.getByRole('link', { name: `Pact draft to finish and publish ${REF}` }).waitFor();
  await shoot(authority, '01-authority-home');

  await procurements.getByRole('link', { name: REF, exact: true }).click();
  expectText(await heading(authority), 'Procurement', 'procurement page');
  await shoot(authority, '02-procurement');

  await authority.getByRole('link', { name: 'Integrity Pact', exact: true }).click();
  await authority.getByRole('link', { name: 'Edit this clause Independent Monitor' }).click();
  const text = authority.getByLabel('Text', { exact: true });
  await text.fill(`${await text.inputValue()}\n\n${NEW_PARAGRAPH}`);
  await send(authority, 'Save the clause');
  await authority.getByText(NEW_PARAGRAPH).waitFor();
  await shoot(authority, '03-pact-draft', authority.getByRole('heading', { name: 'Independent Monitor', exact: true }));
  await send(authority, 'Publish the draft');
  await authority.getByText('Version 1', { exact: true }).waitFor();

  // The authority signs the published version while the tender is being prepared, then opens it: the gate wants both.
  await authority.getByRole('link', { name: 'Stage', exact: true }).click();
  await send(authority, 'Move to Tender preparation');
  await authority.getByRole('link', { name: 'Integrity Pact', exact: true }).click();
  await authority.getByRole('link', { name: 'Sign version 1 for the authority' }).click();
  await authority.getByLabel(/I have read version 1 of this pact/).check();
  await send(authority, 'Sign for the authority');
  await authority.getByRole('heading', { name: 'Signed for the authority' }).waitFor();
  await shoot(authority, '04-authority-signed');

  await authority.getByRole('link', { name: 'Back to the pact' }).click();
  await authority.getByRole('link', { name: 'Stage', exact: true }).click();
  await send(authority, 'Move to Tender open');
  await authority.getByText('The procurement is now at: Tender open').waitFor();
  await shoot(authority, '05-tender-open');
  await authority.context().close();

  const bidder = await person(browser, base, PHONE);
  await signIn(bidder, DEMO_ACCOUNTS.bidders[0]);
  await bidder.getByRole('link', { name: `Read version 1 ${REF}` }).click();
  expectText(await heading(bidder), 'Integrity Pact, version 1', 'bidder pact');
  await bidder.getByLabel('Your full name').fill('Peter Lokorio');
  await bidder.getByLabel(/I have read version 1 of this pact/).check();
  await shoot(bidder, '06-bidder-signs', bidder.getByRole('heading', { name: 'Sign this pact' }));
  await bidder.getByRole('button', { name: 'Sign the pact' }).click();
  expectText(await heading(bidder), 'Pact signed', 'bidder signature');
  await bidder.setViewportSize(DESKTOP);
  await shoot(bidder, '07-pact-signed');
  await bidder.context().close();

  const visitor = await person(browser, base);
  await visitor.goto('/');
  await visitor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register of procurements' }).click();
  await visitor.getByRole('link', { name: REF, exact: true }).click();
  const signatures = visitor.getByRole('table', { name: 'Signatures of version 1' });
  await signatures.getByText('Lodwar Medical Supplies Ltd').waitFor();
  await shoot(visitor, '08-case-file', visitor.getByRole('heading', { name: 'The Integrity Pact' }));
  const pdf = await visitor.getByRole('link', { name: 'PDF', exact: true }).first().getAttribute('href');
  const signedPact = Buffer.from(await (await visitor.request.get(pdf!)).body());

  await visitor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check a document' }).click();
  await visitor.getByLabel('Document').setInputFiles({ name: 'pact.pdf', mimeType: 'application/pdf', buffer: signedPact });
  await visitor.getByRole('button', { name: 'Check' }).click();
  await visitor.getByRole('heading', { name: 'This is a published document' }).waitFor();
  await shoot(visitor, '09-verify');
  await visitor.context().close();
}

/** A citizen reports on a phone; the convener classifies the report and the rules refer it; the health partner acknowledges it; the citizen follows it. */
async function complaintReferral(browser: Browser, base: string): Promise<void> {
  const citizen = await person(browser, base, PHONE);
  await citizen.goto('/');
  await citizen.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Report a problem' }).click();
  await citizen
    .getByLabel('What happened?')
    .fill('The dispensary in Lorugum has had no malaria drugs for three weeks, and the nurse sends patients to buy them in town.');
  await citizen.getByLabel('Where did it happen?').selectOption({ label: 'Turkana – Loima' });
  // Not sure which service it falls under: no rule routes it, so it waits for the convener.
  await citizen.getByRole('group', { name: 'Which service is it about? (optional)' }).getByLabel('I am not sure').check();
  await citizen.getByLabel('A service that is missing, late or poor').check();
  await citizen.getByLabel('No, I give my name').check();
  await citizen.getByLabel('Your name').fill('Ekai Lomuria');
  await citizen.getByLabel('By SMS').check();
  await citizen.getByLabel('Mobile number for SMS').fill('+254712345678');
  await shoot(citizen, '10-report', citizen.getByRole('heading', { name: 'Report a problem', level: 1 }));
  await citizen.getByRole('button', { name: 'Send report' }).click();
  await citizen.getByRole('heading', { name: 'Your report has been received' }).waitFor();
  const trackingNumber = await citizen.getByText(/^PW-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/).innerText();
  const secret = await citizen.getByText(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/).innerText();
  await shoot(citizen, '11-receipt');

  const convener = await person(browser, base);
  await signIn(convener, DEMO_ACCOUNTS.convener);
  await convener.getByRole('link', { name: 'Go to all complaints' }).click();
  const row = convener.getByRole('table', { name: 'All complaints' }).getByRole('row').filter({ hasText: trackingNumber });
  expectText(await row.innerText(), /Waiting for a referral/, 'convener queue');
  await convener.getByRole('link', { name: `Open complaint ${trackingNumber}` }).click();
  // A dispensary is a health service: classified so, the demo's rule for health in Turkana refers it (the referral form beside it would refer it by hand).
  await convener.getByLabel('Sector', { exact: true }).selectOption({ label: 'Health: clinics, hospitals, medicines' });
  await send(convener, 'Classify the complaint');
  await convener.getByText('The complaint has been classified. It is with Turkana Community Health Partners.').waitFor();
  await shoot(convener, '12-convener-classified');
  await convener.context().close();

  const partner = await person(browser, base);
  await signIn(partner, DEMO_ACCOUNTS.partner);
  await partner.getByRole('link', { name: 'Go to your complaint queue' }).click();
  await partner.getByRole('link', { name: `Open complaint ${trackingNumber}` }).waitFor();
  await shoot(partner, '13-partner-queue', partner.getByText('Complaints referred to your organisation.', { exact: false }));
  await partner.getByRole('link', { name: `Open complaint ${trackingNumber}` }).click();
  await partner.getByLabel('Acknowledged').check();
  await partner.getByLabel('Reason').fill('Called the nurse in charge; the county pharmacy is sending stock.');
  await partner.getByRole('button', { name: 'Change the status' }).click();
  await partner.getByText('The status has been changed and the complainant has been sent a message.').waitFor();
  await shoot(partner, '14-partner-acknowledged', partner.getByRole('heading', { name: 'Messages to the complainant' }));
  await partner.context().close();

  await citizen.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Follow a complaint' }).click();
  await citizen.getByLabel('Tracking number').fill(trackingNumber);
  await citizen.getByLabel('Secret').fill(secret);
  await citizen.getByRole('button', { name: 'Show my complaint' }).click();
  const history = citizen.getByRole('table', { name: 'What has happened so far' });
  await history.getByText('Status changed: Acknowledged').waitFor();
  await shoot(citizen, '15-track', citizen.getByRole('heading', { name: `Complaint ${trackingNumber}` }));
  await citizen.context().close();
}

/** Smaller files for the repository, when pngquant is installed; the shots as taken otherwise. */
function compress(files: string[]): void {
  const run = spawnSync('pngquant', ['--force', '--skip-if-larger', '--ext', '.png', '--quality', '60-90', '--strip', ...files], { stdio: 'inherit' });
  if (run.error) console.log('pngquant is not installed: the screenshots are kept as taken');
  // 98 and 99: a file that would not get smaller, or not at that quality, is left as it was.
  else if (run.status !== 0 && run.status !== 98 && run.status !== 99) throw new Error(`pngquant exited with ${run.status}`);
}

async function main(): Promise<void> {
  const database = await openDatabase(DATA_DIR, DATABASE);
  try {
    // The notification worker on, as in a real start: the messages to the complainant are delivered (to the data folder's outbox).
    const platform = await startPactwatch(database.url, DATA_DIR, { NOTIFICATION_WORKER: 'true' });
    try {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        const base = `http://127.0.0.1:${platform.port}`;
        await pactLifecycle(browser, base);
        await complaintReferral(browser, base);
      } finally {
        await browser.close();
      }
    } finally {
      await platform.stop();
    }
  } finally {
    await database.server.stop();
  }
  compress(saved);
  for (const file of saved) console.log(`${file.slice(ROOT.length)}  ${Math.round(statSync(file).size / 1024)} KB`);
}

await main();
