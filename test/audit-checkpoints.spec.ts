import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { entryBytes, entryHash } from '../src/audit/audit.service.js';
import { leafHash, rootHash } from '../src/audit/merkle-tree.js';
import { checkpointText, signNote } from '../src/checkpoints/signed-note.js';
import { pdfPageTexts } from '../src/pdf/pdf-text.js';
import { PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, testConfig, type TestApp } from './support/test-app.js';
import { SERVER_ENV, SIGNING_KEY_ENV } from './support/test-database.js';
// @ts-expect-error: a plain-JavaScript tool without type declarations, on purpose (no project imports, no build)
import { verifyCheckpoint } from '../tools/verify-proof.mjs';

const run = promisify(execFile);
const ORIGIN = testConfig().checkpoints.origin;

/** The audit log as a transparency log: signed checkpoints, proofs anyone can check, and tampering found. */
describe('audit log checkpoints', () => {
  let app: TestApp;
  let world: DemoWorld;
  let witness: Server;
  const witnessed: string[] = [];
  let folder: string;
  let keyFile: string;

  beforeAll(async () => {
    witness = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        witnessed.push(body);
        response.end();
      });
    });
    await new Promise<void>((resolve) => witness.listen(0, '127.0.0.1', resolve));
    const witnessUrl = `http://127.0.0.1:${(witness.address() as AddressInfo).port}/checkpoints`;
    app = await startTestApp({ checkpoints: { ...testConfig().checkpoints, witnessUrls: [witnessUrl], witnessEmails: ['monitor-witness@example.org'] } });
    world = await demoWorld(app);
    folder = await mkdtemp(join(tmpdir(), 'pactwatch-checkpoints-'));
    keyFile = join(folder, 'key.pem');
    await writeFile(keyFile, await (await fetch(`${app.url}/.well-known/pactwatch-signing-key.pem`)).text());
  });
  afterAll(async () => {
    await app?.close();
    witness?.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`${app.url}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const file = async (name: string, content: string) => {
    await writeFile(join(folder, name), content);
    return join(folder, name);
  };
  const verifier = (...args: string[]) =>
    run(process.execPath, ['tools/verify-proof.mjs', '--key', keyFile, ...args]).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
  const auditVerify = (...args: string[]) =>
    run(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/cli.ts', 'audit:verify', ...args], {
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl(app), SIGNING_KEY: process.env[SIGNING_KEY_ENV] },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  let versionId: string;
  let published: { checkpoint: string; seq: number };
  let signed: { checkpoint: string; seq: number };

  it('signs a checkpoint at each publication and signature, which verifies with the published key', async () => {
    const before = await get('/audit-log/checkpoint');
    const { publishPactDraft } = await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    versionId = publishPactDraft.id;
    published = await newestPublic(app, world, 'pact.version_published', publishPactDraft.id);
    const { signPact } = await app.ok(
      SIGN,
      { input: { pactVersionId: publishPactDraft.id, organisationId: world.authorityId, consent: true } },
      world.tokens.authority,
    );
    signed = await newestPublic(app, world, 'pact.signed', signPact.id);
    expect(signed.checkpoint).not.toBe(published.checkpoint);

    const latest = await get('/audit-log/checkpoint');
    expect(latest.type).toMatch(/^text\/plain/);
    expect(latest.text).not.toBe(before.text);
    const lines = latest.text.split('\n');
    expect(lines[0]).toBe(ORIGIN);
    expect(Number(lines[1])).toBeGreaterThanOrEqual(signed.seq);
    expect(lines[2]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(latest.text).toMatch(new RegExp(`\\n\\n\u2014 ${ORIGIN.replace(/[.]/g, '\\.')} [A-Za-z0-9+/]{91}=\\n$`));
    const checked = verifyCheckpoint(latest.text, await (await fetch(`${app.url}/.well-known/pactwatch-signing-key.pem`)).text());
    expect(checked.treeSize).toBe(Number(lines[1]));
    expect((await get(`/audit-log/checkpoints/${lines[1]}`)).text).toBe(latest.text);
    // Any other key is refused.
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() => verifyCheckpoint(latest.text, other)).toThrow(/no signature by the key/);
  });

  it('puts the checkpoint made at publication on the PDF and beside the canonical content, which stays as hashed', async () => {
    const { pactVersion } = await app.ok(`query ($id: ID!) { pactVersion(id: $id) { contentHash canonicalContent publicationCheckpoint } }`, {
      id: versionId,
    });
    expect(pactVersion.publicationCheckpoint).toBe(published.checkpoint);
    expect(createHash('sha256').update(pactVersion.canonicalContent).digest('hex')).toBe(pactVersion.contentHash);
    const pdf = Buffer.from(await (await fetch(`${app.url}/pacts/versions/${versionId}/pdf`)).arrayBuffer());
    const lastPage = (await pdfPageTexts(pdf)).at(-1)!;
    // The PDF was rendered after the signature: it carries the checkpoint made then.
    expect(lastPage).toContain('Audit log checkpoint');
    expect(lastPage).toContain(signed.checkpoint.split('\n')[2]);
  });

  it('proves a publication is in the signed tree, checked by the stand-alone verifier', async () => {
    const proof = await get(`/audit-log/entries/${published.seq}/inclusion-proof`);
    expect(proof.status).toBe(200);
    const body = JSON.parse(proof.text);
    expect(body.leafIndex).toBe(published.seq - 1);
    expect(JSON.parse(body.entry).action).toBe('pact.version_published');
    const ok = await verifier('--checkpoint', await file('latest.txt', body.checkpoint), '--inclusion', await file('inclusion.json', proof.text));
    expect(ok.stdout).toMatch(new RegExp(`inclusion OK: entry ${published.seq} is in the signed tree`));
    expect(ok.code).toBe(0);

    const forged = { ...body, entry: body.entry.replace('pact.version_published', 'pact.version_withdrawn') };
    const refused = await verifier('--checkpoint', join(folder, 'latest.txt'), '--inclusion', await file('forged.json', JSON.stringify(forged)));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/FAILED: entry \d+ as given is not in the signed tree/);
  });

  it('proves the checkpoint at publication is a prefix of the one at signature', async () => {
    const [from, to] = [sizeOf(published.checkpoint), sizeOf(signed.checkpoint)];
    const proof = await get(`/audit-log/consistency-proof?from=${from}&to=${to}`);
    expect(proof.status).toBe(200);
    const ok = await verifier(
      '--checkpoint',
      await file('new.txt', signed.checkpoint),
      '--old-checkpoint',
      await file('old.txt', published.checkpoint),
      '--consistency',
      await file('consistency.json', proof.text),
    );
    expect(ok.stdout).toMatch(`consistency OK: the log of ${from} entries is a prefix of the log of ${to}`);
    expect(ok.code).toBe(0);
    const body = JSON.parse(proof.text);
    body.proof[0] = Buffer.alloc(32).toString('base64');
    const refused = await verifier(
      '--checkpoint',
      join(folder, 'new.txt'),
      '--old-checkpoint',
      join(folder, 'old.txt'),
      '--consistency',
      await file('bad.json', JSON.stringify(body)),
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^FAILED: /m);
  });

  it('answers bad sizes with 400 and entries that are not public with 404, as typed errors', async () => {
    const bad = await get('/audit-log/consistency-proof?from=0&to=x');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await get('/audit-log/checkpoints/999999999')).status).toBe(404);
    const { rows } = await app.sql.query(
      `SELECT seq FROM audit_entries WHERE action NOT IN ('pact.version_published', 'pact.signed', 'report.published') LIMIT 1`,
    );
    const hidden = await get(`/audit-log/entries/${rows[0].seq}/inclusion-proof`);
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('"entry"');
    const { paths } = JSON.parse((await get('/openapi.json')).text);
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/audit-log/checkpoint',
        '/audit-log/checkpoints/{treeSize}',
        '/audit-log/entries/{seq}/inclusion-proof',
        '/audit-log/consistency-proof',
      ]),
    );
  });

  it('sends each new checkpoint to the witness URL and queues it for the witness email', async () => {
    await waitFor(() => witnessed.includes(signed.checkpoint));
    expect(witnessed).toContain(published.checkpoint);
    const { rows } = await app.sql.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE template = 'audit-checkpoint'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
  });

  // audit:verify starts a process that compiles the command-line tools from source: slow on a busy machine.
  const CLI_TIMEOUT = 180_000;

  it(
    'audit:verify checks the tree against every stored checkpoint and a checkpoint file',
    async () => {
      const intact = await auditVerify('--checkpoint', join(folder, 'old.txt'));
      expect(intact.stdout).toMatch(/audit chain intact: \d+ entries verified/);
      expect(intact.stdout).toMatch(/audit tree matches \d+ signed checkpoint\(s\) over \d+ entries/);
      expect(intact.code).toBe(0);
    },
    CLI_TIMEOUT,
  );

  it(
    'finds a checkpoint that is not a prefix of the current tree, naming it',
    async () => {
      const size = sizeOf(published.checkpoint);
      const forgedRoot = rootHash([leafHash(Buffer.from('another history'))]);
      const note = signNote(checkpointText({ origin: ORIGIN, treeSize: size, rootHash: forgedRoot, extensions: [] }), ORIGIN, rawKey(), signer());
      const report = await auditVerify('--checkpoint', await file('fork.txt', note));
      expect(report.code).toBe(1);
      expect(report.stdout).toContain(
        `CHECKPOINT MISMATCH: checkpoint file ${join(folder, 'fork.txt')}: the first ${size} entries no longer have the root it signed`,
      );
      const stranger = createPrivateKey(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
      const unsigned = signNote(checkpointText({ origin: ORIGIN, treeSize: size, rootHash: forgedRoot, extensions: [] }), ORIGIN, rawKey(), (m) =>
        sign(null, m, stranger),
      );
      expect((await auditVerify('--checkpoint', await file('stranger.txt', unsigned))).stdout).toMatch(/stranger\.txt: its signature does not verify/);
    },
    CLI_TIMEOUT,
  );

  it(
    'finds an entry rewritten with every later hash recomputed, naming the checkpoints it breaks',
    async () => {
      const target = published.seq - 2;
      await asSuperuser(app, async (query) => {
        const { rows } = await query('SELECT * FROM audit_entries WHERE seq >= $1 ORDER BY seq', [target]);
        let previousHash: string = rows[0].previous_hash;
        for (const row of rows) {
          const entry = {
            seq: String(row.seq),
            occurredAt: row.occurred_at,
            actorId: row.actor_id,
            action: row.action,
            subjectType: row.subject_type,
            subjectId: row.subject_id,
            procurementId: row.procurement_id,
            data: Number(row.seq) === target ? { ...row.data, rewritten: true } : row.data,
            previousHash,
          };
          const hash = entryHash(entry);
          await query('UPDATE audit_entries SET data = $2, previous_hash = $3, hash = $4, leaf_hash = $5 WHERE seq = $1', [
            row.seq,
            entry.data,
            previousHash,
            hash,
            leafHash(entryBytes(entry)).toString('hex'),
          ]);
          previousHash = hash;
        }
      });
      const report = await auditVerify();
      expect(report.stdout).toMatch(/audit chain intact/);
      expect(report.stdout).toMatch(
        new RegExp(
          `CHECKPOINT MISMATCH: stored checkpoint of ${sizeOf(published.checkpoint)} entries: the first ${sizeOf(published.checkpoint)} entries no longer have the root it signed`,
        ),
      );
      expect(report.stdout).toMatch(/an entry from \d+ to \d+ was changed/);
      expect(report.code).toBe(1);
    },
    CLI_TIMEOUT,
  );

  it(
    'finds the newest entries deleted',
    async () => {
      const size = sizeOf(signed.checkpoint);
      await asSuperuser(app, (query) => query('DELETE FROM audit_entries WHERE seq > $1', [size - 2]));
      const report = await auditVerify();
      expect(report.stdout).toContain(
        `CHECKPOINT MISMATCH: stored checkpoint of ${size} entries: the log has only ${size - 2} entries, so entries ${size - 1} to ${size} were deleted`,
      );
      expect(report.code).toBe(1);
    },
    CLI_TIMEOUT,
  );
});

/** The seq of the audit entry about `subjectId`, read as the authority reads its procurement's trail, and the checkpoint made with it. */
async function newestPublic(app: TestApp, world: DemoWorld, action: string, subjectId: string): Promise<{ seq: number; checkpoint: string }> {
  const { procurement } = await app.ok(
    `query ($id: ID!) { procurement(id: $id) { auditTrail(page: { limit: 200 }) { items { seq action subjectId } } } }`,
    { id: world.procurementId },
    world.tokens.authority,
  );
  const entry = procurement.auditTrail.items.find((item: { action: string; subjectId: string }) => item.action === action && item.subjectId === subjectId);
  const seq = Number(entry.seq);
  // The checkpoint made in the publication's transaction is the first that covers it.
  const { rows } = await app.sql.query('SELECT note FROM audit_checkpoints WHERE tree_size >= $1 ORDER BY tree_size LIMIT 1', [seq]);
  return { seq, checkpoint: rows[0].note };
}

function databaseUrl(app: TestApp): string {
  const url = new URL(process.env[SERVER_ENV]!);
  url.pathname = `/${app.database}`;
  return url.toString();
}

const sizeOf = (note: string) => Number(note.split('\n')[1]);

function rawKey(): Buffer {
  return Buffer.from(createPublicKey(platformKey()).export({ format: 'jwk' }).x!, 'base64url');
}
function platformKey() {
  return createPrivateKey({ key: Buffer.from(process.env[SIGNING_KEY_ENV]!, 'base64'), format: 'der', type: 'pkcs8' });
}
function signer() {
  return (message: Buffer) => sign(null, message, platformKey());
}

/** The tamperer: the superuser with triggers off (what the application role cannot do). */
async function asSuperuser(app: TestApp, work: (query: (text: string, values?: unknown[]) => Promise<{ rows: any[] }>) => Promise<unknown>): Promise<void> {
  const client = await app.sql.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await work((text, values) => client.query(text, values));
  } finally {
    await client.query('SET session_replication_role = DEFAULT');
    client.release();
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
