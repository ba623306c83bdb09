import { twilioSignature } from '../src/complaint-channels/twilio-signature.js';
import { canonical } from './support/complaints.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const AT_SECRET = 'at-webhook-secret';
const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
const EMAIL_SECRET = 'email-webhook-secret';
const NUL = '\u0000';

const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
const atSms = (text: string, id = `ATXid_${Math.random().toString(36).slice(2)}`) => ({ from: '+254711222333', to: '40404', text, id });
const twilioSid = () => `SM${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;

/** What a careless or hostile client can send: NUL characters anywhere, and unsigned webhook calls. */
describe('malformed input at the boundary', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ webhooks: { africasTalkingSecret: AT_SECRET, twilioAuthToken: TWILIO_TOKEN, emailSecret: EMAIL_SECRET } });
  });
  afterAll(() => app?.close());

  const post = (path: string, body: string, headers: Record<string, string>) => fetch(`${app.url}${path}`, { method: 'POST', headers, body });
  const africasTalking = (body: Record<string, string>, headers: Record<string, string> = { 'x-webhook-secret': AT_SECRET }) =>
    post('/webhooks/sms/africastalking', form(body), { 'content-type': 'application/x-www-form-urlencoded', ...headers });

  describe('NUL characters', () => {
    it('answers BAD_USER_INPUT naming the variable or argument, in GraphQL', async () => {
      const viaVariable = await app.gql(`query ($n: String!) { trackComplaint(trackingNumber: $n) { status } }`, { n: `PW-${NUL}1` });
      expect(viaVariable.status).toBe(400);
      expect(viaVariable.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER', fields: [{ field: '$n' }] });

      const nested = await app.gql(`mutation ($input: LoginInput!) { login(input: $input) { token } }`, {
        input: { email: 'a@example.org', password: `x${NUL}` },
      });
      expect(nested.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: '$input.password' }] });

      const literal = await app.gql(`mutation { login(input: { email: "a@example.org", password: "x\\u0000y" }) { token } }`);
      expect(literal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER', fields: [{ field: 'input.password' }] });
      expect(JSON.stringify([viaVariable, nested, literal])).not.toMatch(/INTERNAL_SERVER_ERROR|0x00/);
    });

    it('answers 400 on HTTP routes, for route parameters and bodies', async () => {
      const receipt = await fetch(`${app.url}/complaints/PW-${encodeURIComponent(NUL)}/receipt.pdf`);
      expect(receipt.status).toBe(400);
      expect(await receipt.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });

      const email = await post('/webhooks/email', JSON.stringify({ from: 'a@example.org', text: 'hello', messageId: `id${NUL}` }), {
        'content-type': 'application/json',
        'x-webhook-secret': EMAIL_SECRET,
      });
      expect(email.status).toBe(400);
      expect(await email.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER', fields: [{ field: 'messageId' }] } });
    });

    it('still lodges an SMS whose text holds a NUL, without it, and refuses a message id holding one with 400', async () => {
      const lodged = await africasTalking(atSms(`The clinic in Lodwar${NUL} asks for a fee to see a nurse.`));
      expect(lodged.status).toBe(200);
      const { trackingNumber } = (await lodged.json()) as { trackingNumber: string };
      const { rows } = await app.sql.query('SELECT description FROM complaints WHERE tracking_number = $1', [canonical(trackingNumber)]);
      expect(rows[0]?.description).toBe('The clinic in Lodwar asks for a fee to see a nurse.');

      const badId = await africasTalking(atSms('A complaint with a broken id.', `ATXid_${NUL}`));
      expect(badId.status).toBe(400);
      expect(await badId.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] } });

      const body = { MessageSid: twilioSid(), From: '+254711222333', To: '+254700000999', Body: `Bribes at the ${NUL}county office.` };
      const twilio = await post('/webhooks/sms/twilio', form(body), {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(TWILIO_TOKEN, `${app.url}/webhooks/sms/twilio`, body),
      });
      expect(twilio.status).toBe(200);
    });
  });

  describe('webhook authenticity comes first', () => {
    it('answers an unsigned caller 401 without a word about the body', async () => {
      const invalid = { from: 'not a phone', text: '', id: '' };
      for (const headers of [{}, { 'x-webhook-secret': 'wrong' }] as Array<Record<string, string>>) {
        const refused = await africasTalking(invalid, headers);
        expect(refused.status).toBe(401);
        const answer = JSON.stringify(await refused.json());
        expect(answer).toContain('WEBHOOK_NOT_SIGNED');
        expect(answer).not.toMatch(/phone|fields|"from"|id must/);
      }
      const twilio = await post('/webhooks/sms/twilio', form({ MessageSid: 'nonsense' }), { 'content-type': 'application/x-www-form-urlencoded' });
      expect(twilio.status).toBe(401);
      expect(JSON.stringify(await twilio.json())).not.toMatch(/MessageSid|fields/);
      const email = await post('/webhooks/email', JSON.stringify({ from: 12 }), { 'content-type': 'application/json' });
      expect(email.status).toBe(401);
      expect(JSON.stringify(await email.json())).not.toMatch(/fields|from must/);

      // Signed, the same body gets its validation errors.
      const signed = await africasTalking(invalid);
      expect(signed.status).toBe(400);
      expect(await signed.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', fields: expect.any(Array) } });
    });
  });
});
