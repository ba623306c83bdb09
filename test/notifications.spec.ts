import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { ContactCipher } from '../src/contacts/contact-cipher.js';
import { NotificationWorkerService } from '../src/notifications/notification-worker.service.js';
import { OutboundChannel } from '../src/notifications/outbound-message.entity.js';
import { OutboxService, recipientContext, type OutboundMessageRequest } from '../src/notifications/outbox.service.js';
import { eventually, lodge } from './support/complaints.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDataDir } from './support/test-database.js';

/** Every log line of every app in this file, down to debug, to check what is never written. */
const logs = {
  lines: [] as string[],
  destination: { write: (line: string) => void logs.lines.push(line) },
};
/** Each app here writes its log lines to `logs`. */
const LOGGED = { logLevel: 'debug' as const };
const logged = { logDestination: logs.destination };

const KEY = randomBytes(32).toString('base64');
const TRACKING_NUMBER = 'PW-7K3M-Q9RT-X';

interface MessageRow {
  id: string;
  channel: string;
  language: string;
  subject: string | null;
  body: string;
  status: string;
  attempts: number;
  last_error: string | null;
  transport: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  recipient_encrypted: Buffer;
  whole: string;
}

function request(overrides: Partial<OutboundMessageRequest>): OutboundMessageRequest {
  return {
    complaintId: null,
    channel: OutboundChannel.SMS,
    recipient: '+254712000001',
    template: 'complaint-received',
    language: 'en',
    values: { trackingNumber: TRACKING_NUMBER, status: 'RECEIVED' },
    ...overrides,
  };
}

/** Queues a message as a complaint change would: inside a transaction, which commits. */
async function enqueue(app: TestApp, overrides: Partial<OutboundMessageRequest>): Promise<string> {
  const outbox = app.running.app.get(OutboxService);
  return app.running.app.get(DataSource).transaction(async (tx) => (await outbox.enqueue(tx, request(overrides))).id);
}

async function messageRow(app: TestApp, id: string): Promise<MessageRow | undefined> {
  const { rows } = await app.sql.query<MessageRow>('SELECT m.*, m::text AS whole FROM outbound_messages m WHERE id = $1', [id]);
  return rows[0];
}

/** Polls until `probe` returns something, for at most `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The message once it has left QUEUED (or reached `status`). */
function settled(app: TestApp, id: string, status?: string): Promise<MessageRow> {
  return waitFor(`message ${id} to be ${status ?? 'delivered'}`, async () => {
    const row = await messageRow(app, id);
    return row && (status ? row.status === status : row.status !== 'QUEUED') && row;
  });
}

async function jobsFor(app: TestApp, messageId: string): Promise<Array<{ state: string }>> {
  const { rows } = await app.sql.query(
    `SELECT state FROM pgboss.job WHERE data->>'messageId' = $1 UNION ALL SELECT state FROM pgboss.archive WHERE data->>'messageId' = $1`,
    [messageId],
  );
  return rows;
}

interface GatewayRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

/** A local stand-in for an SMS gateway: records each request, answers as `answer` says. */
async function startGateway(answer: (request: GatewayRequest) => { status: number; body: unknown }) {
  const requests: GatewayRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())),
      };
      requests.push(received);
      const { status, body } = answer(received);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('notifications written to files (the default transport)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ...LOGGED, contactEncryptionKey: KEY }, logged);
  });
  afterAll(() => app?.close());

  it('writes an SMS into the outbox folder, logging the file and message id but neither recipient nor text', async () => {
    const id = await enqueue(app, { recipient: '+254712000001' });
    const row = await settled(app, id);
    expect(row).toMatchObject({
      status: 'SENT',
      channel: 'SMS',
      language: 'en',
      subject: null,
      attempts: 1,
      last_error: null,
      transport: 'file',
      sent_at: expect.any(Date),
    });
    expect(row.body).toBe(
      `Pactwatch: we have received your complaint. Tracking number ${TRACKING_NUMBER}. To check its status, send STATUS ${TRACKING_NUMBER}.`,
    );

    const path = join(testDataDir(), 'outbox', row.provider_message_id!);
    const file = await readFile(path, 'utf8');
    expect(file).toContain('To: +254712000001');
    expect(file).toContain(`Message: ${id}`);
    expect(file).toContain(row.body);

    expect(logs.lines).toContainEqual(expect.stringContaining(`message ${id} written to ${path}`));
    for (const line of logs.lines) {
      expect(line).not.toContain('254712000001');
      expect(line).not.toContain(row.body);
    }
  });

  it('writes an email with its subject, in Kiswahili for a Kiswahili speaker', async () => {
    const id = await enqueue(app, {
      channel: OutboundChannel.EMAIL,
      recipient: 'akinyi.ekai@example.org',
      template: 'complaint-status-changed',
      language: 'sw',
      values: { trackingNumber: TRACKING_NUMBER, status: 'RESOLVED' },
    });
    const row = await settled(app, id);
    expect(row).toMatchObject({ status: 'SENT', channel: 'EMAIL', language: 'sw', subject: `Malalamiko ${TRACKING_NUMBER}: Yametatuliwa`, transport: 'file' });
    expect(row.body).toMatch(
      new RegExp(`^Malalamiko yako ${TRACKING_NUMBER} yametatuliwa\\.\\n\\nTafadhali tueleze .* tuma KADIRIA ${TRACKING_NUMBER} ikifuatiwa na namba kuanzia 1`),
    );
    const file = await readFile(join(testDataDir(), 'outbox', row.provider_message_id!), 'utf8');
    expect(file).toContain('To: akinyi.ekai@example.org');
    expect(file).toContain(`Subject: ${row.subject}`);
    expect(file).toContain(row.body);
  });

  it('falls back to English for a language without templates', async () => {
    const id = await enqueue(app, { language: 'fr', template: 'complaint-merged', values: { trackingNumber: TRACKING_NUMBER, mergedInto: 'PW-4HJK-2MNP-R' } });
    const row = await settled(app, id);
    expect(row).toMatchObject({ status: 'SENT', language: 'en' });
    expect(row.body).toMatch(/^Pactwatch: your complaint PW-7K3M-Q9RT-X is about the same matter as complaint PW-4HJK-2MNP-R/);
  });

  it('stores the recipient only encrypted, and bound to its message', async () => {
    const queued = await app.running.app
      .get(DataSource)
      .transaction((tx) => app.running.app.get(OutboxService).enqueue(tx, request({ recipient: '+254712000002' })));
    expect(queued).toMatchObject({
      status: 'QUEUED',
      attempts: 0,
      channel: 'SMS',
      template: 'complaint-received',
      language: 'en',
      createdAt: expect.any(Date),
    });
    const id = queued.id;
    const row = (await messageRow(app, id))!;
    expect(row.whole).not.toContain('254712000002');
    expect(row.recipient_encrypted.toString('latin1')).not.toContain('254712000002');
    const cipher = new ContactCipher(KEY);
    expect(cipher.decrypt(row.recipient_encrypted, recipientContext(id))).toBe('+254712000002');
    // Copied onto another message, the ciphertext no longer opens.
    expect(() => cipher.decrypt(row.recipient_encrypted, recipientContext('00000000-0000-4000-8000-000000000000'))).toThrow();
  });

  it('leaves neither message nor job when the transaction rolls back', async () => {
    const outbox = app.running.app.get(OutboxService);
    let rolledBack = '';
    await expect(
      app.running.app.get(DataSource).transaction(async (tx) => {
        rolledBack = (await outbox.enqueue(tx, request({ recipient: '+254712000003' }))).id;
        throw new Error('the change failed after queuing its message');
      }),
    ).rejects.toThrow('the change failed');
    expect(rolledBack).not.toBe('');
    expect(await messageRow(app, rolledBack)).toBeUndefined();
    expect(await jobsFor(app, rolledBack)).toEqual([]);

    // The same call, committed, leaves both.
    const committed = await enqueue(app, { recipient: '+254712000004' });
    expect(await messageRow(app, committed)).toBeDefined();
    expect(await jobsFor(app, committed)).toHaveLength(1);
  });

  it('refuses to queue outside a transaction, or to a recipient of the wrong kind, without quoting it', async () => {
    const outbox = app.running.app.get(OutboxService);
    const db = app.running.app.get(DataSource);
    await expect(outbox.enqueue(db.manager, request({}))).rejects.toThrow(/inside the transaction/);
    const refusal = db.transaction((tx) => outbox.enqueue(tx, request({ recipient: '0712 000 005' })));
    await expect(refusal).rejects.toThrow(/international form/);
    await expect(refusal).rejects.not.toThrow(/0712 000 005/);
    await expect(db.transaction((tx) => outbox.enqueue(tx, request({ channel: OutboundChannel.EMAIL, recipient: '+254712000005' })))).rejects.toThrow(
      /email address/,
    );
  });
});

describe('SMS through Africa’s Talking, email through SMTP', () => {
  let app: TestApp;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let smtp: SMTPServer;
  const mails: Array<{ from: string | false; to: string[]; raw: string }> = [];

  beforeAll(async () => {
    gateway = await startGateway(({ form }) => ({
      status: 201,
      body: {
        SMSMessageData: {
          Message: 'Sent to 1/1 Total Cost: KES 0.8000',
          Recipients: [{ statusCode: 101, number: form.to, status: 'Success', cost: 'KES 0.8000', messageId: `ATXid_${form.to.slice(-4)}` }],
        },
      },
    }));
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom && session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString(),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    app = await startTestApp(
      {
        ...LOGGED,
        contactEncryptionKey: KEY,
        sms: { gateway: 'africastalking', username: 'pactwatch', apiKey: 'at-api-key', sender: 'PACTWATCH', apiUrl: `${gateway.url}/version1/messaging` },
        smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
        mailFrom: 'Pactwatch <no-reply@pactwatch.test>',
      },
      logged,
    );
  });
  afterAll(async () => {
    await app?.close();
    await gateway?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('posts the form Africa’s Talking expects and records its message id', async () => {
    const id = await enqueue(app, {
      recipient: '+254712000011',
      template: 'complaint-referred',
      values: { trackingNumber: TRACKING_NUMBER, organisationName: 'Turkana Community Health Partners' },
    });
    const row = await settled(app, id);
    expect(row).toMatchObject({ status: 'SENT', transport: 'africastalking', provider_message_id: 'ATXid_0011', attempts: 1 });
    const sent = gateway.requests.filter((r) => r.form.to === '+254712000011');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/version1/messaging',
      headers: expect.objectContaining({ apikey: 'at-api-key', accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }),
      form: { username: 'pactwatch', to: '+254712000011', message: row.body, from: 'PACTWATCH' },
    });
    expect(row.body).toContain('has been referred to Turkana Community Health Partners');
  });

  it('does not send a message again once it is sent', async () => {
    const id = await enqueue(app, { recipient: '+254712000012' });
    const first = await settled(app, id);
    await app.running.app.get(NotificationWorkerService).deliver(id, false);
    expect(gateway.requests.filter((r) => r.form.to === '+254712000012')).toHaveLength(1);
    expect(await messageRow(app, id)).toEqual(first);
  });

  it('sends email through the SMTP server', async () => {
    const id = await enqueue(app, {
      channel: OutboundChannel.EMAIL,
      recipient: 'focal.person@example.org',
      template: 'complaint-assigned',
      values: { trackingNumber: TRACKING_NUMBER, organisationName: 'Turkana Community Health Partners', dueAt: '2026-03-05T14:30:00.000Z' },
    });
    const row = await settled(app, id);
    expect(row).toMatchObject({ status: 'SENT', transport: 'smtp', provider_message_id: expect.stringMatching(/^<.+@.+>$/) });
    const mail = mails.find((m) => m.to.includes('focal.person@example.org'));
    expect(mail).toMatchObject({ from: 'no-reply@pactwatch.test', to: ['focal.person@example.org'] });
    const readable = mail!.raw
      .replace(/\r\n[ \t]+/g, ' ')
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(readable).toContain(`Subject: New complaint ${TRACKING_NUMBER} for Turkana Community Health Partners`);
    expect(readable).toContain(`Message-ID: ${row.provider_message_id}`);
    expect(readable).toContain('acknowledge it by 5 March 2026 at 17:30');
  });
});

describe('SMS through Twilio, and a gateway that keeps failing', () => {
  const FAILING = '+254700000500';
  let app: TestApp;
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    gateway = await startGateway(({ form }) =>
      form.To === FAILING
        ? {
            status: 500,
            body: { code: 20500, message: `Could not send to ${FAILING}: internal error`, more_info: 'https://www.twilio.com/docs/errors/20500', status: 500 },
          }
        : { status: 201, body: { sid: `SM${form.To.slice(-4)}`, status: 'queued', to: form.To } },
    );
    app = await startTestApp(
      {
        ...LOGGED,
        contactEncryptionKey: KEY,
        sms: { gateway: 'twilio', accountSid: 'AC0123456789', authToken: 'twilio-token', from: '+15005550006', apiUrl: gateway.url },
        notificationRetryLimit: 2,
        notificationRetryDelaySeconds: 1,
      },
      logged,
    );
  });
  afterAll(async () => {
    await app?.close();
    await gateway?.close();
  });

  it('posts To, From and Body with basic authentication and records the message sid', async () => {
    const id = await enqueue(app, { recipient: '+254712000021', template: 'rating-thanks', values: { trackingNumber: TRACKING_NUMBER, rating: 5 } });
    const row = await settled(app, id);
    expect(row).toMatchObject({ status: 'SENT', transport: 'twilio', provider_message_id: 'SM0021' });
    const sent = gateway.requests.filter((r) => r.form.To === '+254712000021');
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/2010-04-01/Accounts/AC0123456789/Messages.json',
        headers: expect.objectContaining({
          authorization: `Basic ${Buffer.from('AC0123456789:twilio-token').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        }),
        form: { To: '+254712000021', From: '+15005550006', Body: row.body },
      },
    ]);
  });

  it('retries a failing delivery with backoff, then marks it FAILED with the last error, never quoting the number', async () => {
    const id = await enqueue(app, { recipient: FAILING });
    const row = await settled(app, id, 'FAILED');
    // The first attempt and two retries.
    expect(row).toMatchObject({ status: 'FAILED', attempts: 3, transport: 'twilio', sent_at: null, provider_message_id: null });
    expect(row.last_error).toMatch(/^Twilio refused the message: Could not send to \[redacted\]: internal error \(error 20500, HTTP 500\)$/);
    expect(gateway.requests.filter((r) => r.form.To === FAILING)).toHaveLength(3);
    // The queue records the job's failure just after the message's, once the handler has thrown.
    await eventually(async () => expect(await jobsFor(app, id)).toEqual([{ state: 'failed' }]));
    for (const line of logs.lines) expect(line).not.toContain('254700000500');
  }, 30_000);
});

describe('an instance that only takes traffic (NOTIFICATION_WORKER=false)', () => {
  let app: TestApp;

  beforeAll(async () => {
    // A first start: no other instance has created the delivery queue yet.
    app = await startTestApp({ notificationWorker: false }, { emptyDatabase: true });
  });
  afterAll(() => app?.close());

  it('queues the replies of what it takes in, for the instance that delivers', async () => {
    const { id } = await lodge(app, { phone: '+254711000010' });
    const { rows } = await app.sql.query(
      `SELECT o.status, j.state FROM outbound_messages o JOIN pgboss.job j ON j.name = 'notifications' AND j.data->>'messageId' = o.id::text
        WHERE o.complaint_id = $1 AND o.template = 'complaint-received'`,
      [id],
    );
    expect(rows).toEqual([{ status: 'QUEUED', state: 'created' }]);
  });
});
