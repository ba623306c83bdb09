import { request } from 'node:http';
import { demoWorld, type DemoWorld } from './support/demo.js';
import { countQueries } from './support/query-counter.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MONITORED = 'TCG/WTR/2026/003';
const CASE_FILE = `/procurements/${MONITORED}`;

/** The public page cache: case files and the register read once, served again to anonymous visitors, and never stale after a change or shared with a signed-in one. */
describe('the public page cache', () => {
  let app: TestApp;
  let world: DemoWorld;

  beforeAll(async () => {
    app = await startTestApp({}, { monitoringDemo: true });
    world = await demoWorld(app);
  });
  afterAll(() => app?.close());

  async function read(path: string, headers: Record<string, string> = {}) {
    const { queries, result } = await countQueries(app, async () => {
      const response = await fetch(`${app.url}${path}`, { headers: { accept: 'text/html', ...headers } });
      return { status: response.status, headers: response.headers, body: await response.text() };
    });
    return { queries, ...result };
  }

  it('serves the second anonymous visitor the page the first one was given, without asking the database, headers included', async () => {
    const first = await read(CASE_FILE);
    const second = await read(CASE_FILE);
    expect(first.queries).toBeGreaterThan(0);
    expect(second).toMatchObject({ status: 200, queries: 0, body: first.body });
    for (const header of ['content-type', 'content-language', 'content-security-policy', 'x-content-type-options']) {
      expect([header, second.headers.get(header)]).toEqual([header, first.headers.get(header)]);
    }
    expect((await read('/procurements?q=borehole')).queries).toBeGreaterThan(0);
    expect(await read('/procurements?q=borehole')).toMatchObject({ queries: 0, status: 200 });
  });

  it('keeps each language apart', async () => {
    await read(CASE_FILE, { 'accept-language': 'fr' });
    const arabic = await read(CASE_FILE, { 'accept-language': 'ar' });
    expect(arabic.body).toContain('dir="rtl"');
    expect(arabic.headers.get('content-language')).toBe('ar');
    expect((await read(CASE_FILE, { 'accept-language': 'fr' })).headers.get('content-language')).toBe('fr');
  });

  it('shows a change made through this instance at once', async () => {
    await read(CASE_FILE);
    const { rows } = await app.sql.query<{ id: string }>('SELECT id FROM procurements WHERE reference = $1', [MONITORED]);
    const title = 'Site board missing at the Lokiriama borehole';
    await app.ok(
      `mutation ($input: RecordFindingInput!) { recordFinding(input: $input) { id } }`,
      { input: { procurementId: rows[0].id, kind: 'OBSERVATION', severity: 'LOW', title, description: 'No board.', visibility: 'PUBLIC' } },
      world.tokens.monitor,
    );
    const after = await read(CASE_FILE);
    expect(after.queries).toBeGreaterThan(0);
    expect(after.body).toContain(title);
  });

  it('never answers a visitor with a session, a token or a language choice from what it kept', async () => {
    await read(CASE_FILE);
    expect((await read(CASE_FILE, { cookie: 'session=someone' })).queries).toBeGreaterThan(0);
    expect((await read(CASE_FILE, { authorization: `Bearer ${world.tokens.monitor}` })).queries).toBeGreaterThan(0);
    // The choice is remembered by the answer's cookie: it is made every time.
    const chosen = await read(`${CASE_FILE}?lang=sw`);
    expect(chosen.headers.get('set-cookie')).toContain('lang=sw');
    expect((await read(`${CASE_FILE}?lang=sw`)).headers.get('set-cookie')).toContain('lang=sw');
  });

  it('sends a page and its stylesheet compressed to a browser that accepts it, well within 150 KB for a first visit', async () => {
    const sizes = await Promise.all(
      [CASE_FILE, '/assets/' + /href="\/assets\/([^"]+\.css[^"]*)"/.exec((await read(CASE_FILE)).body)![1].replaceAll('&amp;', '&')].map(async (path) => {
        const answer = await compressedSize(`${app.url}${path}`);
        expect({ path, encoding: answer.encoding }).toEqual({ path, encoding: 'br' });
        return answer.bytes;
      }),
    );
    expect(sizes[0] + sizes[1]).toBeLessThan(150 * 1024);
  });

  it('keeps no error page', async () => {
    const missing = await read('/procurements/NO/SUCH/REFERENCE');
    expect(missing.status).toBe(404);
    expect((await read('/procurements/NO/SUCH/REFERENCE')).queries).toBeGreaterThan(0);
  });
});

/** The bytes on the wire of one answer to a browser that accepts brotli or gzip (fetch would undo the compression). */
function compressedSize(url: string): Promise<{ encoding: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'br, gzip', accept: 'text/html,*/*' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ encoding: response.headers['content-encoding'], bytes }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
