import { LODGE, complaintInput } from './support/complaints.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A number and a text no other line could contain by chance. */
const PHONE = '+254799123456';
const WEB_TEXT = 'Zebra-quartz bribe at the Lodwar borehole tender, paid on Tuesday.';
const SMS_TEXT = 'Xylophone-umbrella: the clinic in Kalokol asks 300 shillings per visit.';
const WEBHOOK_SECRET = 'query-string-secret-7f3a';

/** Log lines written by an app, as parsed JSON. */
function logCapture() {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => void lines.push(line) },
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('operations', () => {
  describe('logs', () => {
    let app: TestApp;
    const logs = logCapture();

    beforeAll(async () => {
      app = await startTestApp({ logLevel: 'trace' }, { logDestination: logs.destination });
    });
    afterAll(() => app?.close());

    it('takes a sane X-Request-Id, answers with it and writes it on the request’s lines', async () => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'gateway-abc.123' },
        body: JSON.stringify({ query: 'query PublicPacts { pactTemplates { __typename } }' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe('gateway-abc.123');
      const closing = logs.records().find((record) => record.reqId === 'gateway-abc.123' && record.route === '/graphql');
      expect(closing).toMatchObject({ method: 'POST', statusCode: 200, graphqlOperation: 'PublicPacts', graphqlOperationType: 'query', viewerId: 'anonymous' });
    });

    it('replaces a request id that is too long or holds other characters with a fresh UUID', async () => {
      for (const given of ['x'.repeat(129), 'line\u00e9break', 'a b']) {
        const response = await fetch(`${app.url}/.well-known/pactwatch-signing-key.pem`, { headers: { 'x-request-id': given } });
        expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
      const response = await fetch(`${app.url}/.well-known/pactwatch-signing-key.pem`);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('names the signed-in viewer by id only', async () => {
      const token = await app.login('authority@pactwatch.demo');
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'query Me { me { __typename } }' }),
      });
      const id = response.headers.get('x-request-id');
      const closing = logs.records().find((record) => record.reqId === id && record.route === '/graphql');
      expect(closing?.viewerId).toMatch(/^[0-9a-f-]{36}$/);
      expect(closing?.graphqlOperation).toBe('Me');
      expect(logs.lines.join('\n')).not.toContain('authority@pactwatch.demo');
    });

    it('never writes a complainant’s number or words, a token or a webhook secret', async () => {
      const before = logs.lines.length;
      const web = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'web-complaint-1' },
        body: JSON.stringify({ query: LODGE.replace('mutation', 'mutation LodgeComplaint'), variables: { input: complaintInput({ description: WEB_TEXT, phone: PHONE, name: 'Akinyi Ekai' }) } }),
      });
      expect(((await web.json()) as any).data.lodgeComplaint.trackingNumber).toMatch(/^PW-/);

      const sms = await fetch(`${app.url}/webhooks/sms/africastalking?secret=${WEBHOOK_SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'sms-complaint-1', authorization: 'Bearer not-a-real-token-5e1d' },
        body: new URLSearchParams({ from: PHONE, to: '40404', text: SMS_TEXT, date: '2026-11-26 08:15:02', id: 'ATXid_operations_1', linkId: 'SampleLinkId123' }).toString(),
      });
      // The bearer token is checked (and refused) before the webhook runs; the point is what the log holds.
      const unsignedSms = await fetch(`${app.url}/webhooks/sms/africastalking?secret=${WEBHOOK_SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'sms-complaint-2' },
        body: new URLSearchParams({ from: PHONE, to: '40404', text: SMS_TEXT, date: '2026-11-26 08:15:02', id: 'ATXid_operations_2', linkId: 'SampleLinkId123' }).toString(),
      });
      expect(unsignedSms.status).toBe(200);
      expect(((await unsignedSms.json()) as any).trackingNumber).toMatch(/^PW-/);
      // Let the replies be delivered (the worker logs too).
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const written = logs.lines.slice(before).join('\n');
      expect(written).toContain('web-complaint-1');
      expect(written).toContain('sms-complaint-1');
      expect(written).toContain('sms-complaint-2');
      expect(sms.headers.get('x-request-id')).toBe('sms-complaint-1');
      for (const secret of [PHONE, PHONE.slice(1), WEB_TEXT, SMS_TEXT, 'Zebra-quartz', 'Xylophone-umbrella', 'Akinyi', WEBHOOK_SECRET, 'not-a-real-token-5e1d']) {
        expect(written).not.toContain(secret);
      }
    });
  });

  describe('health', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(() => app?.close());

    it('answers liveness without asking anything of the database', async () => {
      const response = await fetch(`${app.url}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('is ready when the database answers, the job queue runs and no migration is pending; /health says the same', async () => {
      for (const path of ['/health/ready', '/health']) {
        const response = await fetch(`${app.url}${path}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({
          status: 'ok',
          details: { database: { status: 'up' }, jobQueue: { status: 'up' }, migrations: { status: 'up' } },
        });
      }
    });

    it('is not ready (503, with the reason) while a migration is pending', async () => {
      const { rows } = await app.sql.query('DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations) RETURNING *');
      try {
        const response = await fetch(`${app.url}/health/ready`);
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ status: 'error', error: { migrations: { status: 'down', message: 'migrations are pending' } }, details: { database: { status: 'up' } } });
      } finally {
        await app.sql.query('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [rows[0].id, rows[0].timestamp, rows[0].name]);
      }
      expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    });
  });
});
