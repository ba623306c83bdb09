import { startWebTest, WEB_SETUP_TIMEOUT, type WebTest } from './support/browser.js';

const MONITORED = 'TCG/WTR/2026/003';
const UNKNOWN_HASH = 'ab'.repeat(32);

/** Journey 3 of the website: what is this document? With JavaScript off, as the simplest phone would do it. */
describe('checking a document in a browser', () => {
  let web: WebTest;
  let signedPact: Buffer;

  beforeAll(async () => {
    web = await startWebTest({}, { monitoringDemo: true });
    // The signed pact as a visitor downloads it from the case file.
    const { page } = await web.visit({ javaScript: false });
    await page.goto(`/procurements/${MONITORED}`);
    const href = await page.getByRole('link', { name: 'PDF', exact: true }).first().getAttribute('href');
    signedPact = Buffer.from(await (await page.request.get(href!)).body());
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it('recognises the signed pact downloaded from the case file, and says who signed it', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check a document' }).click();
    await page.getByLabel('Document').setInputFiles({ name: 'pact.pdf', mimeType: 'application/pdf', buffer: signedPact });
    await page.getByRole('button', { name: 'Check' }).click();

    await page.getByRole('heading', { name: 'This is a published document' }).waitFor();
    const result = page.getByRole('status');
    expect(await result.innerText()).toMatch(/Version 1 of the Integrity Pact, published on .* 2026, for procurement\s+TCG\/WTR\/2026\/003/);
    expect(await result.innerText()).toContain('Amina Ekal');
    await result.getByRole('link', { name: MONITORED }).waitFor();
  });

  it('reports a copy with one byte changed as altered', async () => {
    const altered = Buffer.from(signedPact);
    // A byte of the binary comment on the PDF's second line: the file still names its pact's hash.
    altered[10] ^= 0x01;
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/verify');
    await page.getByLabel('Document').setInputFiles({ name: 'pact.pdf', mimeType: 'application/pdf', buffer: altered });
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('heading', { name: 'This is an altered copy' }).waitFor();
  });

  it('says so when it does not know a pasted hash', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/verify');
    await page.getByLabel('Or its SHA-256').fill(`  ${UNKNOWN_HASH.toUpperCase()} `);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('heading', { name: 'We do not know this document' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain(UNKNOWN_HASH);
  });

  it('re-shows the form with the error beside the field for bad input, with a 400', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/verify');
    await page.getByLabel('Or its SHA-256').fill('not a hash');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Check' }).click()]);
    expect(response.status()).toBe(400);
    await page
      .getByRole('alert')
      .getByRole('link', { name: /Choose a file, or paste a SHA-256/ })
      .waitFor();
    expect(await page.getByLabel('Or its SHA-256').inputValue()).toBe('not a hash');
    expect(await page.getByText('Error: Choose a file, or paste a SHA-256', { exact: false }).count()).toBe(1);
  });

  it('answers a file above the limit of POST /verify-document with a 413 page', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/verify');
    await page.getByLabel('Document').setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Check' }).click()]);
    expect(response.status()).toBe(413);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('The file is too large');
  });

  it('refuses a form sent without its token, or with a wrong one, with a 403 page', async () => {
    const { page } = await web.visit({ javaScript: false });
    const missing = await page.request.post('/verify', { form: { sha256: UNKNOWN_HASH } });
    await page.goto('/verify');
    const wrong = await page.request.post('/verify', { form: { sha256: UNKNOWN_HASH, _csrf: 'made-up' } });
    const wrongMultipart = await page.request.post('/verify', { multipart: { sha256: UNKNOWN_HASH, _csrf: 'made-up' } });
    expect([missing.status(), wrong.status(), wrongMultipart.status()]).toEqual([403, 403, 403]);
    expect(await wrong.text()).toContain('This form could not be accepted');
  });

  it('explains how to check a document offline, linking the platform key', async () => {
    const { page } = await web.visit({ javaScript: false });
    await page.goto('/verify');
    await page.getByRole('link', { name: 'How to check a document without this site' }).click();
    const key = await page.getByRole('link', { name: "The platform's public key (PEM)" }).getAttribute('href');
    const response = await page.request.get(key!);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('BEGIN PUBLIC KEY');
  });
});
