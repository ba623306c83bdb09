import { malformedRequests, publicRoutes, sendAll } from './support/fuzz-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const WEBHOOK_SECRET = 'fuzz-webhook-secret';
/** Fixed, so a failure names requests that can be replayed; `npm run bench:fuzz` sends 10,000 of another seed. */
const SEED = 20_261_207;

/** What an anonymous attacker can reach, sent malformed a thousand ways: nothing may answer 5xx. */
describe('malformed requests against every public route and GraphQL', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      webhooks: { africasTalkingSecret: WEBHOOK_SECRET, emailSecret: WEBHOOK_SECRET, twilioAuthToken: WEBHOOK_SECRET },
      // The anonymous limits as deployed (the test default lifts them), as an attacker meets them.
      anonymousCostPerMinute: 5000,
      anonymousCostlyAtOnce: 2,
    });
  });
  afterAll(() => app?.close());

  it('answers 1,000 seeded malformed requests without a server error', async () => {
    const routes = await publicRoutes(app.url);
    expect(routes.length).toBeGreaterThan(15);
    const requests = malformedRequests(SEED, 1_000, { routes, webhookSecret: WEBHOOK_SECRET });
    const outcome = await sendAll(app.url, requests, 4);
    const failures = outcome.failures.map(
      ({ request, status, answer }) => `${status} ${request.kind}: ${request.method} ${request.path.slice(0, 120)} → ${answer.slice(0, 200)}`,
    );
    expect(failures).toEqual([]);
    expect(Object.values(outcome.byStatus).reduce((a, b) => a + b, 0)).toBe(1_000);
    // Still serving after all that.
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  }, 300_000);
});
