import { startApp } from '../src/app.js';
import { startTestApp, testConfig } from './support/test-app.js';

// A file of its own: the process's logger writes where the first application started in it said,
// so the lines read here must come from the first application of the file.
describe('one URL for both roles', () => {
  const WARNING = 'give the owner in MIGRATION_DATABASE_URL and the application role in DATABASE_URL';

  it('is allowed, with a warning at start-up that names the way out; two roles start without it', async () => {
    // Both instances share one process, whose logger writes where the first one said.
    const lines: string[] = [];
    const app = await startTestApp({}, { logDestination: { write: (line: string) => void lines.push(line) } });
    const warnings = () => lines.filter((line) => line.includes(WARNING)).map((line) => (JSON.parse(line) as { level: number }).level);
    expect(warnings()).toEqual([]);
    const second = await startApp(testConfig(), { url: app.ownerUrl, migrationUrl: app.ownerUrl });
    try {
      expect(warnings()).toEqual([40]);
    } finally {
      await second.close();
      await app.close();
    }
    // Two apps start and stop in this one test; on a loaded CI machine that takes longer than the
    // default 30 s, and a test cut off while its apps stop leaves their job queues polling.
  }, 120_000);
});
