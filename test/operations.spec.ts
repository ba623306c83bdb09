import Fastify from 'fastify';
import { DataSource } from 'typeorm';
import { MetricsService } from '../src/metrics/metrics.service.js';
import { serveMetrics } from '../src/metrics/metrics-routes.js';
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
        body: JSON.stringify({
          query: LODGE.replace('mutation', 'mutation LodgeComplaint'),
          variables: { input: complaintInput({ description: WEB_TEXT, phone: PHONE, name: 'Akinyi Ekai' }) },
        }),
      });
      expect(((await web.json()) as any).data.lodgeComplaint.trackingNumber).toMatch(/^PW-/);

      const sms = await fetch(`${app.url}/webhooks/sms/africastalking?secret=${WEBHOOK_SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'sms-complaint-1', authorization: 'Bearer not-a-real-token-5e1d' },
        body: new URLSearchParams({
          from: PHONE,
          to: '40404',
          text: SMS_TEXT,
          date: '2026-11-26 08:15:02',
          id: 'ATXid_operations_1',
          linkId: 'SampleLinkId123',
        }).toString(),
      });
      // The bearer token is checked (and refused) before the webhook runs; the point is what the log holds.
      const unsignedSms = await fetch(`${app.url}/webhooks/sms/africastalking?secret=${WEBHOOK_SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'sms-complaint-2' },
        body: new URLSearchParams({
          from: PHONE,
          to: '40404',
          text: SMS_TEXT,
          date: '2026-11-26 08:15:02',
          id: 'ATXid_operations_2',
          linkId: 'SampleLinkId123',
        }).toString(),
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
      for (const secret of [
        PHONE,
        PHONE.slice(1),
        WEB_TEXT,
        SMS_TEXT,
        'Zebra-quartz',
        'Xylophone-umbrella',
        'Akinyi',
        WEBHOOK_SECRET,
        'not-a-real-token-5e1d',
      ]) {
        expect(written).not.toContain(secret);
      }
    });
  });

  describe('health and metrics', () => {
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
        expect(await response.json()).toMatchObject({
          status: 'error',
          error: { migrations: { status: 'down', message: 'migrations are pending' } },
          details: { database: { status: 'up' } },
        });
      } finally {
        await app.sql.query('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [rows[0].id, rows[0].timestamp, rows[0].name]);
      }
      expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    });

    /** The value of one series in Prometheus's text format, 0 when absent. */
    const sample = (text: string, series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line ? Number(line.slice(series.length + 1)) : 0;
    };
    const scrape = async () => {
      const response = await fetch(`${app.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };

    it('counts requests by route pattern and operation, and complaints, messages and audit entries once committed', async () => {
      const before = await scrape();
      const lodged = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LODGE.replace('mutation', 'mutation LodgeComplaint'), variables: { input: complaintInput({ phone: '+254799000111' }) } }),
      });
      const { trackingNumber } = ((await lodged.json()) as any).data.lodgeComplaint;
      const receipt = await fetch(`${app.url}/complaints/${trackingNumber}/receipt.pdf`);
      expect(receipt.status).toBe(200);
      await receipt.arrayBuffer();
      const after = await scrape();

      const grew = (series: string) => sample(after, series) - sample(before, series);
      expect(grew('pactwatch_http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}')).toBe(1);
      expect(grew('pactwatch_http_request_duration_seconds_count{method="GET",route="/complaints/:trackingNumber/receipt.pdf",status="200"}')).toBe(1);
      expect(grew('pactwatch_graphql_operation_duration_seconds_count{operation="LodgeComplaint",type="mutation",outcome="ok"}')).toBe(1);
      expect(grew('pactwatch_complaints_lodged_total{channel="WEB"}')).toBe(1);
      expect(grew('pactwatch_audit_entries_appended_total{action="complaint.lodged"}')).toBe(1);
      expect(grew('pactwatch_messages_queued_total{channel="SMS"}')).toBeGreaterThanOrEqual(1);
      expect(after).toContain('process_cpu_seconds_total');
      // Labels hold patterns, never what a request carried.
      expect(after).not.toContain(trackingNumber);
      expect(after).not.toContain(trackingNumber.replace(/^PW-|-/g, ''));
    });

    it('does not count what a rolled-back transaction did', async () => {
      const metrics = app.running.app.get(MetricsService);
      const series = 'pactwatch_audit_entries_appended_total{action="operations.test"}';
      await expect(
        app.running.app.get(DataSource).transaction(async (tx) => {
          metrics.auditAppendedIn(tx, ['operations.test']);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(sample(await scrape(), series)).toBe(0);
      await app.running.app.get(DataSource).transaction(async (tx) => metrics.auditAppendedIn(tx, ['operations.test']));
      expect(sample(await scrape(), series)).toBe(1);
    });

    it('is not served in production without METRICS_TOKEN', async () => {
      const fastify = Fastify();
      serveMetrics(fastify, app.running.app.get(MetricsService), { mode: 'production', metricsToken: undefined });
      const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
      try {
        expect((await fetch(`${address}/metrics`)).status).toBe(404);
      } finally {
        await fastify.close();
      }
    });
  });

  describe('metrics in production', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp({ mode: 'production', metricsToken: 'scrape-token-42', seedDemoData: false });
    });
    afterAll(() => app?.close());

    it('asks for the bearer token and answers with it', async () => {
      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const response = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-42' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('pactwatch_http_request_duration_seconds');
    });
  });

  describe('OpenAPI', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(() => app?.close());

    it('describes the REST routes, their media types and webhook bodies at /openapi.json, and not GraphQL', async () => {
      const response = await fetch(`${app.url}/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const document = (await response.json()) as any;
      expect(document.openapi).toMatch(/^3\./);
      const paths = document.paths;
      expect(Object.keys(paths)).toEqual(
        expect.arrayContaining([
          '/webhooks/sms/africastalking',
          '/webhooks/sms/twilio',
          '/webhooks/email',
          '/ocds/import',
          '/ocds/record-package.json',
          '/pacts/versions/{id}/pdf',
          '/reports/published/{id}/pdf',
          '/complaints/{trackingNumber}/receipt.pdf',
          '/complaints/statistics.csv',
          '/findings/{id}/evidence',
          '/findings/evidence/{id}',
          '/.well-known/pactwatch-signing-key.pem',
          '/verify-document',
          '/health/live',
          '/health/ready',
        ]),
      );
      expect(paths['/graphql']).toBeUndefined();
      expect(Object.keys(paths['/pacts/versions/{id}/pdf'].get.responses['200'].content)).toEqual(['application/pdf']);
      expect(Object.keys(paths['/complaints/statistics.csv'].get.responses['200'].content)).toEqual(['text/csv']);
      expect(paths['/complaints/statistics.csv'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['from', 'to', 'organisationId']),
      );
      const sms = paths['/webhooks/sms/africastalking'].post;
      expect(sms.requestBody.content['application/x-www-form-urlencoded'].schema.required).toEqual(['from', 'text', 'id']);
      expect(sms.security).toEqual([{ webhookSecret: [] }]);
      expect(paths['/ocds/import'].post.security).toEqual([{ bearer: [] }]);
      expect(document.components.securitySchemes).toMatchObject({
        bearer: { type: 'http', scheme: 'bearer' },
        webhookSecret: { type: 'apiKey', in: 'header', name: 'X-Webhook-Secret' },
      });
    });
  });
});
