import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashComplaintSecret } from '../src/complaints/complaint-secret.js';
import { formatTrackingNumber, newTrackingNumber } from '../src/complaints/tracking-number.js';
import { canonical, eventually, lodge } from './support/complaints.js';
import { testDataDir } from './support/test-database.js';
import { startTestApp, type GraphqlError, type TestApp } from './support/test-app.js';

const ADD = `mutation ($input: AddComplaintInformationInput!) { addComplaintInformation(input: $input) { trackingNumber history { kind } } }`;
const TRACK = `query ($n: String!, $secret: String) { trackComplaint(trackingNumber: $n, secret: $secret) { trackingNumber status } }`;
const EMAIL_SECRET = 'email-webhook-secret';
const PHONE = '+254712000222';
const EMAIL = 'lokol.ewoi@example.org';

const unknownNumber = () => formatTrackingNumber(newTrackingNumber());
const guess = () => `${Math.random().toString(36).slice(2, 12)}-guess`;

/**
 * Complainants prove themselves with the tracking number and the complaint's secret, never with a
 * contact detail, and guessing is throttled per tracking number and per client — driven as the
 * complainant, and as the monitor who sees tracking numbers and suspects a phone number.
 */
describe('complainant proofs', () => {
  describe('limited per tracking number', () => {
    let app: TestApp;
    /** The answer to a proof at a number nobody has: every failure must look exactly like it. */
    let nobody: GraphqlError;

    const add = (trackingNumber: string, secret: string) =>
      app.gql(ADD, { input: { trackingNumber, secret, information: 'The stock-out is now five weeks.' } });
    const failed = async (trackingNumber: string, secret: string) => {
      const response = await add(trackingNumber, secret);
      expect(response.errors).toHaveLength(1);
      return response.errors![0];
    };
    const additions = async (id: string) =>
      Number((await app.sql.query('SELECT count(*) FROM complaint_additions WHERE complaint_id = $1', [id])).rows[0].count);
    const failures = async (trackingNumber: string) =>
      Object.fromEntries(
        (
          await app.sql.query('SELECT reason, count(*)::int AS n FROM complainant_proof_failures WHERE tracking_number = $1 GROUP BY reason', [
            canonical(trackingNumber),
          ])
        ).rows.map((row: { reason: string; n: number }) => [row.reason, row.n]),
      );

    const limits = {
      complaintsPerHourPerClient: 1000,
      proofFailuresPerHourPerComplaint: 5,
      proofFailuresPerHourPerClient: 1000,
      webhooks: { emailSecret: EMAIL_SECRET },
    };

    beforeAll(async () => {
      app = await startTestApp(limits);
      nobody = await failed(unknownNumber(), guess());
      expect(nobody.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'COMPLAINT_NOT_FOUND' });
    });
    afterAll(() => app?.close());

    it('gives a named web complaint a secret once, texts it to the complainant, and keeps only its hash', async () => {
      const lodged = await lodge(app, { name: 'Lokol Ewoi', phone: PHONE, email: EMAIL });
      expect(lodged.secret).toMatch(/^[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){3}$/);
      const plain = lodged.secret!.replace(/-/g, '');
      const complaint = (await app.sql.query('SELECT c.secret_hash, c::text AS whole FROM complaints c WHERE id = $1', [lodged.id])).rows[0];
      expect(complaint.secret_hash).toBe(hashComplaintSecret(lodged.secret!));
      expect(complaint.whole).not.toContain(plain);

      // Staff can read a complaint's messages: the stored text shows a mask, the secret waits encrypted.
      const queued = (
        await app.sql.query(`SELECT id, body, secret_encrypted FROM outbound_messages WHERE complaint_id = $1 AND template = 'complaint-received'`, [lodged.id])
      ).rows[0];
      expect(queued.body).toContain('*****-*****-*****-*****');
      expect(queued.body).not.toContain(lodged.secret);
      const sent = await eventually(async () => {
        const { rows } = await app.sql.query('SELECT m.*, m::text AS whole FROM outbound_messages m WHERE id = $1', [queued.id]);
        expect(rows[0].status).toBe('SENT');
        return rows[0];
      });
      // Delivered with the secret in it, and no longer kept once sent.
      const file = await readFile(join(testDataDir(), 'outbox', sent.provider_message_id), 'utf8');
      expect(file).toContain(`Secret code ${lodged.secret}`);
      expect(sent.secret_encrypted).toBeNull();
      const everywhere = await app.sql.query(`SELECT count(*)::int AS n FROM outbound_messages m WHERE m::text LIKE $1 OR m::text LIKE $2`, [
        `%${lodged.secret}%`,
        `%${plain}%`,
      ]);
      expect(everywhere.rows[0].n).toBe(0);
    });

    it('mails the secret of a complaint lodged by email, and the web takes it as proof', async () => {
      const response = await fetch(`${app.url}/webhooks/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': EMAIL_SECRET },
        body: JSON.stringify({
          from: `Lokol <${EMAIL}>`,
          subject: 'Bribe at the dispensary',
          text: 'The nurse asked for money before treating my child.',
          messageId: '<proof-1@example.org>',
        }),
      });
      expect(response.status).toBe(200);
      const { trackingNumber } = (await response.json()) as { trackingNumber: string };
      const { rows } = await app.sql.query(
        `SELECT c.id, c.secret_hash, m.id AS message_id, m.body FROM complaints c JOIN outbound_messages m ON m.complaint_id = c.id
          WHERE c.tracking_number = $1 AND m.template = 'complaint-received'`,
        [canonical(trackingNumber)],
      );
      expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].body).toContain('*****-*****-*****-*****');
      const sent = await eventually(async () => {
        const row = (await app.sql.query('SELECT status, provider_message_id FROM outbound_messages WHERE id = $1', [rows[0].message_id])).rows[0];
        expect(row.status).toBe('SENT');
        return row;
      });
      const file = await readFile(join(testDataDir(), 'outbox', sent.provider_message_id), 'utf8');
      const secret = /Secret code: ([2-9A-HJKMNP-Z-]{23})/.exec(file)![1];
      expect(hashComplaintSecret(secret)).toBe(rows[0].secret_hash);
      // The secret mailed is the proof the web asks for.
      expect((await add(trackingNumber, secret)).errors).toBeUndefined();
    });

    it('accepts the right secret, and answers a right phone number or email exactly as an unknown number', async () => {
      const lodged = await lodge(app, { phone: PHONE, email: EMAIL });
      const { addComplaintInformation } = await app.ok(ADD, {
        input: { trackingNumber: lodged.trackingNumber.toLowerCase(), secret: lodged.secret!.toLowerCase().replace(/-/g, ' '), information: 'More detail.' },
      });
      expect(addComplaintInformation.history.map((step: { kind: string }) => step.kind)).toContain('INFORMATION_ADDED');
      expect(await additions(lodged.id)).toBe(1);

      // What a monitor who suspects Lokol would try: the right number, the right address, and a wrong one.
      for (const proof of [PHONE, PHONE.replace('+', ''), EMAIL, '+254700000000']) {
        expect(await failed(lodged.trackingNumber, proof)).toEqual(nobody);
        const track = await app.gql(TRACK, { n: lodged.trackingNumber, secret: proof });
        expect(track.errors![0].extensions).toEqual(nobody.extensions);
        expect(track.errors![0].message).toBe(nobody.message);
      }
      expect(await additions(lodged.id)).toBe(1);
      // Tracking counted its failures too: 4 by adding and 4 by tracking reach the limit of 5.
      expect(await failures(lodged.trackingNumber)).toEqual({ WRONG_SECRET: 5, THROTTLED: 3 });
    });

    it('refuses 60 guesses at a tracking number after the limit, then the right secret too, until the window passes', async () => {
      const target = await lodge(app, {});
      const other = await lodge(app, {});
      const answers: GraphqlError[] = [];
      for (let i = 0; i < 60; i++) answers.push(await failed(target.trackingNumber, guess()));
      for (const answer of answers) expect(answer).toEqual(nobody);
      expect(await failures(target.trackingNumber)).toEqual({ WRONG_SECRET: 5, THROTTLED: 55 });
      // The record of failures is insert-only, like the other tables the least-privilege role may only append to.
      await expect(app.sql.query('DELETE FROM complainant_proof_failures')).rejects.toThrow(/insert-only/);
      await expect(app.sql.query(`UPDATE complainant_proof_failures SET reason = 'WRONG_SECRET'`)).rejects.toThrow(/insert-only/);

      // Had the right secret still worked, each refused guess would still have been checked.
      expect(await failed(target.trackingNumber, target.secret!)).toEqual(nobody);
      expect(await additions(target.id)).toBe(0);
      // The limit is the tracking number's: another complaint's complainant is not locked out.
      expect((await add(other.trackingNumber, other.secret!)).errors).toBeUndefined();

      // An hour later (the shared counter's window ends), the complainant is let in again. The
      // instance that refused remembers it in memory until the window it saw ends, so another
      // instance on the same database stands for "later" here.
      const expired = await app.sql.query(`UPDATE rate_limits SET expire = $1 WHERE key = $2`, [
        Date.now() - 1,
        `complainant-proof-number:${canonical(target.trackingNumber)}`,
      ]);
      expect(expired.rowCount).toBe(1);
      const later = await startTestApp(limits, { sharedDatabase: app.database });
      try {
        const input = { trackingNumber: target.trackingNumber, secret: target.secret, information: 'The stock-out is now five weeks.' };
        expect((await later.gql(ADD, { input })).errors).toBeUndefined();
      } finally {
        await later.close();
      }
      expect(await additions(target.id)).toBe(1);
    });

    it('counts guesses sent all at once before comparing any, so none overtakes the limit', async () => {
      const target = await lodge(app, {});
      const answers = await Promise.all(Array.from({ length: 20 }, () => failed(target.trackingNumber, guess())));
      for (const answer of answers) expect(answer).toEqual(nobody);
      expect(await failures(target.trackingNumber)).toEqual({ WRONG_SECRET: 5, THROTTLED: 15 });
    });

    it('checks a secret given for the receipt the same way', async () => {
      const target = await lodge(app, { phone: PHONE });
      const wrong = await fetch(`${app.url}/complaints/${target.trackingNumber}/receipt.pdf?secret=${encodeURIComponent(PHONE)}`);
      expect(wrong.status).toBe(404);
      expect(await wrong.json()).toMatchObject({ error: { reason: 'COMPLAINT_NOT_FOUND' } });
      expect(await failures(target.trackingNumber)).toEqual({ WRONG_SECRET: 1 });
      const right = await fetch(`${app.url}/complaints/${target.trackingNumber}/receipt.pdf?secret=${target.secret}`);
      expect(right.status).toBe(200);
    });
  });

  describe('limited per client', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp({ complaintsPerHourPerClient: 1000, proofFailuresPerHourPerComplaint: 1000, proofFailuresPerHourPerClient: 5 });
    });
    afterAll(() => app?.close());

    it('refuses a client that failed five proofs at any numbers, even with another complaint’s right secret', async () => {
      const mine = await lodge(app, {});
      const nobody = (await app.gql(ADD, { input: { trackingNumber: unknownNumber(), secret: guess(), information: 'x' } })).errors![0];
      for (let i = 0; i < 4; i++) {
        const answer = await app.gql(ADD, { input: { trackingNumber: unknownNumber(), secret: guess(), information: 'x' } });
        expect(answer.errors![0]).toEqual(nobody);
      }
      const refused = await app.gql(ADD, { input: { trackingNumber: mine.trackingNumber, secret: mine.secret, information: 'x' } });
      expect(refused.errors![0]).toEqual(nobody);
      const { rows } = await app.sql.query('SELECT reason FROM complainant_proof_failures WHERE tracking_number = $1', [canonical(mine.trackingNumber)]);
      expect(rows).toEqual([{ reason: 'THROTTLED' }]);
    });
  });
});
