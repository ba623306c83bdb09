/**
 * The limit bench/sms-intake.ts measures Pactwatch against: one hand-written Fastify route taking
 * the same Africa's Talking posts and storing the same rows in the same database — the complaint
 * (its phone sealed as Pactwatch seals it), its first history step, the acknowledgement in the
 * outbox with its delivery job, the message record that makes a retried delivery get the same
 * answer, and the audit entry on the chain — with messages arriving together batched as
 * Pactwatch batches them (at most 50 a transaction, one transaction at a time). Each batch is one
 * statement for the previous answers, then BEGIN, the chain's lock and last entry, one statement
 * for every row, COMMIT. No framework, no validation library, no logging: what Node.js and
 * PostgreSQL make of this machine. Prints `ready` once it listens on PORT.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'node:querystring';
import Fastify from 'fastify';
import pg from 'pg';
import { entryBytes, entryHash, GENESIS_HASH } from '../src/audit/audit.service.js';
import { leafHash } from '../src/audit/merkle-tree.js';
import { ContactCipher, contactContext } from '../src/contacts/contact-cipher.js';
import { formatTrackingNumber, newTrackingNumber } from '../src/complaints/tracking-number.js';
import { recipientContext } from '../src/notifications/outbox.service.js';

const BATCH_LIMIT = 50;
const BATCHES_AT_ONCE = 1;
const CHAIN_LOCK = 0x70616374;

interface Waiting {
  messageId: string;
  from: string;
  text: string;
  answer(answer: { trackingNumber: string; outcome: string }): void;
  fail(error: unknown): void;
}

const STORE = `
WITH input AS (SELECT * FROM json_to_recordset($1::json) AS r(
       id uuid, tracking_number text, description text, phone text, recipient text, body text, message_id text, answer text, now timestamptz, message uuid)),
     complaints AS (
       INSERT INTO complaints (id, tracking_number, channel, status, description, language, contact_by, anonymous, phone_encrypted, created_at, updated_at)
       SELECT id, tracking_number, 'SMS', 'RECEIVED', description, 'en', 'SMS', false, decode(phone, 'hex'), now, now FROM input),
     history AS (
       INSERT INTO complaint_events (complaint_id, kind, status, occurred_at) SELECT id, 'LODGED', 'RECEIVED', now FROM input),
     outbox AS (
       INSERT INTO outbound_messages (id, complaint_id, channel, recipient_encrypted, template, language, body, created_at)
       SELECT message, id, 'SMS', decode(recipient, 'hex'), 'complaint-received', 'en', body, now FROM input),
     jobs AS (
       INSERT INTO pgboss.job (name, data) SELECT 'notifications', json_build_object('messageId', message) FROM input),
     records AS (
       INSERT INTO inbound_messages (gateway, message_id, complaint_id, answer) SELECT 'AFRICASTALKING', message_id, id, answer FROM input)
INSERT INTO audit_entries (seq, occurred_at, action, subject_type, subject_id, data, previous_hash, hash, leaf_hash)
SELECT seq, occurred_at, action, subject_type, subject_id, data, previous_hash, hash, leaf_hash
  FROM json_populate_recordset(NULL::audit_entries, $2::json)`;

async function peer(databaseUrl: string, port: number, secret: string, key: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const cipher = new ContactCipher(key);
  const waiting: Waiting[] = [];
  let running = 0;

  async function lodge(batch: Waiting[]): Promise<void> {
    const client = await pool.connect();
    try {
      const earlier = await client.query<{ message_id: string; answer: string }>(
        `SELECT message_id, answer FROM inbound_messages WHERE gateway = 'AFRICASTALKING' AND message_id = ANY($1)`,
        [batch.map(({ messageId }) => messageId)],
      );
      const answered = new Map(earlier.rows.map((row) => [row.message_id, JSON.parse(row.answer) as { trackingNumber: string; outcome: string }]));
      const fresh = batch.filter(({ messageId }) => !answered.has(messageId));
      const now = new Date();
      const rows = fresh.map(({ messageId, from, text }) => {
        const id = randomUUID();
        const message = randomUUID();
        const trackingNumber = newTrackingNumber();
        const answer = { trackingNumber: formatTrackingNumber(trackingNumber), outcome: 'COMPLAINT_LODGED' };
        answered.set(messageId, answer);
        return {
          id,
          tracking_number: trackingNumber,
          description: text,
          phone: cipher.encrypt(from, contactContext(id, 'phone')).toString('hex'),
          message,
          recipient: cipher.encrypt(from, recipientContext(message)).toString('hex'),
          body: `Complaint received. Your tracking number is ${answer.trackingNumber}. Text STATUS ${answer.trackingNumber} to 40404 to follow it.`,
          message_id: messageId,
          answer: JSON.stringify(answer),
          now,
        };
      });
      if (rows.length) {
        await client.query('BEGIN');
        try {
          const [, last] = (await client.query(
            `SELECT pg_advisory_xact_lock(${CHAIN_LOCK}); SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1`,
          )) as unknown as [unknown, pg.QueryResult<{ seq: string; hash: string }>];
          let previous = last.rows[0] ?? { seq: '0', hash: GENESIS_HASH };
          const entries = rows.map((row) => {
            const entry = {
              seq: String(BigInt(previous.seq) + 1n),
              occurredAt: now,
              actorId: null,
              action: 'complaint.lodged',
              subjectType: 'Complaint',
              subjectId: row.id,
              procurementId: null,
              data: { trackingNumber: formatTrackingNumber(row.tracking_number), channel: 'SMS', anonymous: false, referredTo: null },
              previousHash: previous.hash,
            };
            const hash = entryHash(entry);
            previous = { seq: entry.seq, hash };
            return {
              seq: entry.seq,
              occurred_at: now,
              action: entry.action,
              subject_type: entry.subjectType,
              subject_id: entry.subjectId,
              data: entry.data,
              previous_hash: entry.previousHash,
              hash,
              leaf_hash: leafHash(entryBytes(entry)).toString('hex'),
            };
          });
          await client.query({ name: 'store', text: STORE, values: [JSON.stringify(rows), JSON.stringify(entries)] });
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      for (const item of batch) item.answer(answered.get(item.messageId)!);
    } catch (error) {
      for (const item of batch) item.fail(error);
    } finally {
      client.release();
    }
  }

  function start(): void {
    while (waiting.length && running < BATCHES_AT_ONCE) {
      running++;
      void lodge(waiting.splice(0, BATCH_LIMIT)).finally(() => {
        running--;
        start();
      });
    }
  }

  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, parse(body as string)));
  app.post<{ Body: Record<string, unknown> }>('/webhooks/sms/africastalking', async (request, reply) => {
    if (request.headers['x-webhook-secret'] !== secret) return reply.code(401).send({ error: 'not signed' });
    const { id, from, text } = request.body ?? {};
    if (typeof id !== 'string' || typeof from !== 'string' || typeof text !== 'string' || !id || !/^\+?[1-9][0-9]{6,14}$/.test(from)) {
      return reply.code(400).send({ error: 'id, from and text are required' });
    }
    return new Promise((answer, fail) => {
      waiting.push({ messageId: id, from: from.startsWith('+') ? from : `+${from}`, text: text.trim(), answer, fail });
      start();
    });
  });
  await app.listen({ port, host: '127.0.0.1' });
}

await peer(process.env.DATABASE_URL!, Number(process.env.PORT), process.env.AFRICASTALKING_WEBHOOK_SECRET!, process.env.CONTACT_ENCRYPTION_KEY!);
console.log('ready');
