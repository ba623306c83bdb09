import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/audit/verify-chain.js';
import { ContactCipher } from '../src/contacts/contact-cipher.js';
import { APP_CONFIG } from '../src/config/app-config.js';
import type { ResolvedConfig } from '../src/config/secrets.js';
import { recipientContext } from '../src/notifications/outbox.service.js';
import { twilioSignature } from '../src/complaint-channels/twilio-signature.js';
import { canonical } from './support/complaints.js';
import { demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const AT_SECRET = 'at-webhook-secret';
const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
const EMAIL_SECRET = 'email-webhook-secret';
const SENDER = '+254711222333';

const read = (response: Response): Promise<any> => response.json();

/** Africa's Talking posts these form fields for each SMS to the short code. */
const atSms = (text: string, extra: Record<string, string> = {}) => ({
  from: SENDER,
  to: '40404',
  text,
  date: '2026-11-26 08:15:02',
  id: `ATXid_${Math.random().toString(36).slice(2)}`,
  linkId: 'SampleLinkId123',
  ...extra,
});

/** What Twilio posts for an incoming SMS (a subset of its fields is enough to be realistic). */
const twilioSms = (body: string, extra: Record<string, string> = {}) => ({
  ToCountry: 'KE',
  ToState: '',
  SmsMessageSid: '',
  NumMedia: '0',
  ToCity: '',
  FromZip: '',
  SmsSid: '',
  FromState: '',
  SmsStatus: 'received',
  FromCity: '',
  Body: body,
  FromCountry: 'KE',
  To: '+254700000999',
  ToZip: '',
  NumSegments: '1',
  MessageSid: `SM${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`,
  AccountSid: 'AC00000000000000000000000000000000',
  From: SENDER,
  ApiVersion: '2010-04-01',
  ...extra,
});

interface SentMessage {
  template: string;
  channel: string;
  language: string;
  recipient: string;
  body: string;
  complaintId: string | null;
}

describe('complaints by SMS and email', () => {
  let app: TestApp;
  let world: DemoWorld;
  let cipher: ContactCipher;

  const post = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body).toString(),
    });
  const africasTalking = (body: Record<string, string>, secret: string | null = AT_SECRET) =>
    post('/webhooks/sms/africastalking', body, secret ? { 'x-webhook-secret': secret } : {});
  const twilio = (body: Record<string, string>, signature?: string) =>
    post('/webhooks/sms/twilio', body, { 'x-twilio-signature': signature ?? twilioSignature(TWILIO_TOKEN, `${app.url}/webhooks/sms/twilio`, body) });
  const email = (body: Record<string, unknown>, secret = EMAIL_SECRET) =>
    fetch(`${app.url}/webhooks/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
      body: JSON.stringify(body),
    });

  const count = async (table: string) => Number((await app.sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  /** Messages queued since `since` (a row count), oldest first, with the recipient decrypted. */
  const sentSince = async (since: number): Promise<SentMessage[]> => {
    const { rows } = await app.sql.query(
      `SELECT id, template, channel, language, body, recipient_encrypted, complaint_id FROM outbound_messages ORDER BY created_at, id OFFSET $1`,
      [since],
    );
    return rows.map((r: Record<string, any>) => ({
      template: r.template,
      channel: r.channel,
      language: r.language,
      body: r.body,
      complaintId: r.complaint_id,
      recipient: cipher.decrypt(r.recipient_encrypted, recipientContext(r.id)),
    }));
  };
  const complaintByNumber = async (trackingNumber: string) =>
    (await app.sql.query('SELECT * FROM complaints WHERE tracking_number = $1', [canonical(trackingNumber)])).rows[0];

  beforeAll(async () => {
    app = await startTestApp({
      smsShortCode: '40404',
      webhooks: { africasTalkingSecret: AT_SECRET, twilioAuthToken: TWILIO_TOKEN, emailSecret: EMAIL_SECRET },
    });
    cipher = new ContactCipher(app.running.app.get<ResolvedConfig>(APP_CONFIG).contactEncryptionKey!);
    world = await demoWorld(app);
  });
  afterAll(() => app?.close());

  describe("Africa's Talking", () => {
    it('lodges a complaint, answers with its tracking number and queues the SMS reply in the same transaction', async () => {
      const before = await count('outbound_messages');
      const response = await africasTalking(atSms('The water kiosk in Wajir town charges 50 shillings a jerrican instead of 5.'));
      expect(response.status).toBe(200);
      const answer = await read(response);
      expect(answer).toEqual({ trackingNumber: expect.stringMatching(/^PW-/), outcome: 'COMPLAINT_LODGED' });
      const complaint = await complaintByNumber(answer.trackingNumber);
      expect(complaint).toMatchObject({ channel: 'SMS', contact_by: 'SMS', status: 'RECEIVED', sector_id: null, language: 'en', anonymous: false });
      expect(complaint.phone_encrypted.toString('latin1')).not.toContain('711222333');
      const [reply] = await sentSince(before);
      expect(reply).toMatchObject({ template: 'complaint-received', channel: 'SMS', recipient: SENDER, complaintId: complaint.id });
      expect(reply.body).toContain(answer.trackingNumber);
    });

    it('creates nothing new for a retried delivery and gives the same answer', async () => {
      const sms = atSms('Teachers at Sigor primary school are asking parents for exam fees.');
      const first = await read(await africasTalking(sms));
      const [complaints, messages] = [await count('complaints'), await count('outbound_messages')];
      const retried = await africasTalking(sms);
      expect(await read(retried)).toEqual(first);
      // Two deliveries racing each other: still one complaint.
      const racing = atSms('Health centre staff ask for money before treating patients in Kapenguria.');
      const answers = await Promise.all([africasTalking(racing), africasTalking(racing), africasTalking(racing)].map(async (r) => read(await r)));
      expect(new Set(answers.map((a) => a.trackingNumber)).size).toBe(1);
      expect(await count('complaints')).toBe(complaints + 1);
      expect(await count('outbound_messages')).toBe(messages + 1);
    });

    it('lodges a burst of messages together, each once, with its reply, its answer and an intact audit chain', async () => {
      const [complaints, messages] = [await count('complaints'), await count('outbound_messages')];
      const burst = Array.from({ length: 40 }, (_, i) =>
        atSms(`Complaint number ${i} of a radio call-in about the Lodwar market stalls.`, { from: `+2547110000${String(i).padStart(2, '0')}` }),
      );
      // Ten of them delivered twice at the same moment, as a gateway retrying would.
      const deliveries = [...burst, ...burst.slice(0, 10)];
      const answers = await Promise.all(deliveries.map(async (sms) => read(await africasTalking(sms))));
      expect(new Set(answers.map((a) => a.trackingNumber)).size).toBe(40);
      expect(answers.slice(40)).toEqual(answers.slice(0, 10));
      expect(await count('complaints')).toBe(complaints + 40);
      expect(await count('outbound_messages')).toBe(messages + 40);
      const { rows } = await app.sql.query(
        `SELECT count(*)::int AS n FROM complaints c JOIN inbound_messages i ON i.complaint_id = c.id WHERE i.message_id = ANY($1) AND c.tracking_number = ANY($2)`,
        [burst.map((sms) => sms.id), answers.map((a) => canonical(a.trackingNumber))],
      );
      expect(rows[0].n).toBe(40);
      expect((await verifyAuditChain(app.running.app.get(DataSource))).firstBroken).toBeNull();
    });

    it('stores a message delivered many times at once, in one batch and in successive ones, once: one complaint, reply, job and audit entry', async () => {
      const [complaints, messages, entries] = [await count('complaints'), await count('outbound_messages'), await count('audit_entries')];
      const sent = Array.from({ length: 20 }, (_, i) =>
        atSms(`Delivered three times at once, message ${i}, about the Kakuma dispensary.`, { from: `+2547120000${String(i).padStart(2, '0')}` }),
      );
      // Each delivery three times, interleaved so copies land in different batches as well as in the same one.
      const deliveries = [...sent, ...sent.toReversed(), ...sent];
      const answers = await Promise.all(deliveries.map(async (sms) => read(await africasTalking(sms))));
      // And once more after all were stored, as a gateway retrying a timed-out delivery does.
      const retried = await Promise.all(sent.map(async (sms) => read(await africasTalking(sms))));
      const byId = new Map<string, unknown>();
      for (const [index, answer] of [...answers, ...retried].entries()) {
        const id = [...deliveries, ...sent][index].id;
        expect(answer).toEqual(byId.get(id) ?? answer);
        byId.set(id, answer);
      }
      expect(new Set(answers.map((a) => a.trackingNumber)).size).toBe(20);
      expect(await count('complaints')).toBe(complaints + 20);
      expect(await count('outbound_messages')).toBe(messages + 20);
      expect(await count('audit_entries')).toBe(entries + 20);
      const { rows } = await app.sql.query(
        `SELECT count(DISTINCT i.id)::int AS records, count(DISTINCT a.seq)::int AS lodged, count(DISTINCT j.id)::int AS jobs
           FROM inbound_messages i
           JOIN complaints c ON c.id = i.complaint_id
           JOIN audit_entries a ON a.subject_id = c.id AND a.action = 'complaint.lodged'
           JOIN outbound_messages o ON o.complaint_id = c.id
           JOIN (SELECT id, data FROM pgboss.job UNION ALL SELECT id, data FROM pgboss.archive) j ON j.data->>'messageId' = o.id::text
          WHERE i.gateway = 'AFRICASTALKING' AND i.message_id = ANY($1)`,
        [sent.map((sms) => sms.id)],
      );
      expect(rows[0]).toEqual({ records: 20, lodged: 20, jobs: 20 });
      expect((await verifyAuditChain(app.running.app.get(DataSource))).firstBroken).toBeNull();
    });

    it('lodges the other messages of a batch when one of them cannot be stored, and nothing of that one', async () => {
      // A complaint the database refuses, as a fault would: the batch it came in fails as a whole.
      await app.sql.query(`
        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.description LIKE '%poison%' THEN RAISE EXCEPTION 'refused for the test'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON complaints FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
      const [complaints, entries] = [await count('complaints'), await count('audit_entries')];
      const good = Array.from({ length: 12 }, (_, i) =>
        atSms(`A good message ${i} about the Lokichoggio borehole.`, { from: `+2547130000${String(i).padStart(2, '0')}` }),
      );
      const poison = atSms('A poison message the database refuses.');
      try {
        const responses = await Promise.all([...good.slice(0, 6), poison, ...good.slice(6)].map((sms) => africasTalking(sms)));
        const poisoned = responses.splice(6, 1)[0];
        expect(poisoned.status).toBe(500);
        const answers = await Promise.all(responses.map(async (response) => ({ status: response.status, answer: await read(response) })));
        expect(answers.map(({ status }) => status)).toEqual(good.map(() => 200));
        expect(new Set(answers.map(({ answer }) => answer.trackingNumber)).size).toBe(12);
        expect(await count('complaints')).toBe(complaints + 12);
        expect(await count('audit_entries')).toBe(entries + 12);
        const { rows } = await app.sql.query(`SELECT count(*)::int AS n FROM inbound_messages WHERE message_id = $1`, [poison.id]);
        expect(rows[0].n).toBe(0);
      } finally {
        await app.sql.query('DROP TRIGGER refuse_poison ON complaints; DROP FUNCTION refuse_poison()');
      }
      // Nothing was recorded of the refused delivery: the gateway's retry is taken afresh.
      const retried = await africasTalking(poison);
      expect(retried.status).toBe(200);
      expect((await read(retried)).outcome).toBe('COMPLAINT_LODGED');
      expect((await verifyAuditChain(app.running.app.get(DataSource))).firstBroken).toBeNull();
    });

    it('refuses unsigned or malformed deliveries with the reason, storing nothing', async () => {
      const [complaints, inbound] = [await count('complaints'), await count('inbound_messages')];
      for (const secret of [null, 'wrong']) {
        const refused = await africasTalking(atSms('A complaint nobody signed for.'), secret);
        expect(refused.status).toBe(401);
        expect(await read(refused)).toMatchObject({ error: { code: 'UNAUTHENTICATED', reason: 'WEBHOOK_NOT_SIGNED' } });
      }
      const bySecretParameter = await post(
        `/webhooks/sms/africastalking?secret=${AT_SECRET}`,
        atSms('Signed by the query string this time, which the gateway allows.'),
      );
      expect(bySecretParameter.status).toBe(200);
      const { from: _from, ...noSender } = atSms('No sender');
      const malformed = await africasTalking(noSender);
      expect(malformed.status).toBe(400);
      expect(await read(malformed)).toMatchObject({ error: { code: 'BAD_USER_INPUT', fields: [{ field: 'from' }] } });
      const badNumber = await africasTalking(atSms('x', { from: 'not-a-number' }));
      expect(badNumber.status).toBe(400);
      expect(await count('complaints')).toBe(complaints + 1);
      expect(await count('inbound_messages')).toBe(inbound + 1);
    });

    it('answers an empty or oversized message with a helpful SMS instead of a complaint', async () => {
      const [complaints, before] = [await count('complaints'), await count('outbound_messages')];
      expect(await read(await africasTalking(atSms('   ')))).toEqual({ trackingNumber: null, outcome: 'EMPTY_MESSAGE' });
      expect(await read(await africasTalking(atSms('x'.repeat(1601))))).toEqual({ trackingNumber: null, outcome: 'MESSAGE_TOO_LONG' });
      expect(await count('complaints')).toBe(complaints);
      const replies = await sentSince(before);
      expect(replies.map((m) => [m.template, m.recipient])).toEqual([
        ['empty-message', SENDER],
        ['message-too-long', SENDER],
      ]);
      expect(replies[1].body).toContain('1600');
    });

    it('answers STATUS and HALI with the complaint’s status in that language, and an unknown number kindly', async () => {
      const { trackingNumber } = await read(await africasTalking(atSms('Borehole pump in Tarbaj broken since October, county says no funds.')));
      const before = await count('outbound_messages');
      for (const text of [`STATUS ${trackingNumber}`, `hali ${trackingNumber.toLowerCase()}`, 'STATUS PW-2222-2222-2', 'STATUS']) {
        expect((await africasTalking(atSms(text))).status).toBe(200);
      }
      const [english, kiswahili, unknown, bare] = await sentSince(before);
      expect(english).toMatchObject({ template: 'complaint-status-reply', language: 'en', recipient: SENDER });
      expect(english.body).toContain(trackingNumber);
      expect(kiswahili).toMatchObject({ template: 'complaint-status-reply', language: 'sw' });
      expect(kiswahili.body).not.toEqual(english.body);
      expect(unknown).toMatchObject({ template: 'unknown-tracking-number', complaintId: null });
      expect(bare.template).toBe('unknown-tracking-number');
    });

    it('takes a complaint written in Kiswahili in Kiswahili', async () => {
      const { trackingNumber } = await read(await africasTalking(atSms('Hakuna dawa katika zahanati ya Lokichoggio kwa wiki tatu sasa.')));
      expect((await complaintByNumber(trackingNumber)).language).toBe('sw');
    });

    it('lets the complainant rate a resolved complaint and add information, from their own phone only', async () => {
      const { trackingNumber } = await read(await africasTalking(atSms('Relief food in Loima was sold to traders instead of given to families.')));
      const complaint = await complaintByNumber(trackingNumber);
      const stranger = atSms(`INFO ${trackingNumber} I know who did it`, { from: '+254799888777' });
      expect(await read(await africasTalking(stranger))).toEqual({ trackingNumber: null, outcome: 'UNKNOWN_TRACKING_NUMBER' });
      expect(await read(await africasTalking(atSms(`INFO ${trackingNumber} The lorry was KBX 123A.`)))).toEqual({
        trackingNumber,
        outcome: 'INFORMATION_ADDED',
      });
      const { rows: additions } = await app.sql.query('SELECT body, channel FROM complaint_additions WHERE complaint_id = $1', [complaint.id]);
      expect(additions).toEqual([{ body: 'The lorry was KBX 123A.', channel: 'SMS' }]);

      expect(await read(await africasTalking(atSms(`RATE ${trackingNumber} 5`)))).toEqual({ trackingNumber, outcome: 'RATING_REFUSED' });
      // The convener classifies the SMS; the rules route it; the partner resolves it.
      await app.ok(
        `mutation ($input: ClassifyComplaintInput!) { classifyComplaint(input: $input) { id status } }`,
        { input: { complaintId: complaint.id, sectorCode: 'HEALTH', typeCode: 'CORRUPTION', areaCode: 'LOIMA' } },
        world.tokens.convener,
      );
      await app.ok(
        `mutation ($input: SetComplaintStatusInput!) { setComplaintStatus(input: $input) { id } }`,
        { input: { complaintId: complaint.id, status: 'RESOLVED' } },
        world.tokens.partner,
      );
      expect(await read(await africasTalking(atSms(`KADIRIA ${trackingNumber} 4`)))).toEqual({ trackingNumber, outcome: 'RATED' });
      expect((await complaintByNumber(trackingNumber)).rating).toBe(4);
    });
  });

  describe('Twilio', () => {
    it('verifies X-Twilio-Signature, lodges the complaint and answers with empty TwiML', async () => {
      const sms = twilioSms('Contractor building the Lodwar ward has not paid casual workers for two months.');
      const response = await twilio(sms);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/xml');
      expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      const { rows } = await app.sql.query(
        `SELECT c.channel FROM inbound_messages i JOIN complaints c ON c.id = i.complaint_id WHERE i.gateway = 'TWILIO' AND i.message_id = $1`,
        [sms.MessageSid],
      );
      expect(rows).toEqual([{ channel: 'SMS' }]);
      const complaints = await count('complaints');
      expect((await twilio(sms)).status).toBe(200);
      expect(await count('complaints')).toBe(complaints);
    });

    it('refuses a missing or forged signature', async () => {
      const complaints = await count('complaints');
      const sms = twilioSms('Forged');
      expect((await twilio(sms, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(401);
      const tampered = { ...sms, Body: 'Changed after signing' };
      expect((await twilio(tampered, twilioSignature(TWILIO_TOKEN, `${app.url}/webhooks/sms/twilio`, sms))).status).toBe(401);
      expect(await count('complaints')).toBe(complaints);
    });
  });

  describe('email', () => {
    it('lodges a complaint from the sender, answers by email, and reads STATUS in the subject', async () => {
      const before = await count('outbound_messages');
      const response = await email({
        from: 'Ekai Lomuria <ekai@example.org>',
        subject: 'Bribe at the land registry',
        text: 'The clerk asked me for 2,000 shillings to process my title deed.',
        messageId: '<abc123@mail.example.org>',
      });
      expect(response.status).toBe(200);
      const { trackingNumber } = await read(response);
      const complaint = await complaintByNumber(trackingNumber);
      expect(complaint).toMatchObject({ channel: 'EMAIL', contact_by: 'EMAIL', anonymous: false });
      expect(complaint.description).toBe('Bribe at the land registry\n\nThe clerk asked me for 2,000 shillings to process my title deed.');
      const [reply] = await sentSince(before);
      expect(reply).toMatchObject({ template: 'complaint-received', channel: 'EMAIL', recipient: 'ekai@example.org' });
      expect(reply.body).toContain(`send STATUS ${trackingNumber} by SMS to 40404`);

      const contact = await app.ok(`query ($id: ID!) { complaint(id: $id) { contact { name email phone } } }`, { id: complaint.id }, world.tokens.convener);
      expect(contact.complaint.contact).toEqual({ name: 'Ekai Lomuria', email: 'ekai@example.org', phone: null });

      const status = await email({ from: 'ekai@example.org', subject: `STATUS ${trackingNumber}`, text: '' });
      expect(await read(status)).toEqual({ trackingNumber, outcome: 'STATUS_SENT' });
    });

    it('refuses a wrong secret and a sender without an address', async () => {
      expect((await email({ from: 'a@example.org', subject: 's', text: 't' }, 'wrong')).status).toBe(401);
      const noAddress = await email({ from: 'Just A Name', subject: 's', text: 't' });
      expect(noAddress.status).toBe(400);
      expect(await read(noAddress)).toMatchObject({ error: { code: 'BAD_USER_INPUT', fields: [{ field: 'from' }] } });
    });
  });
});
