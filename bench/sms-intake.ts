/**
 * How many complaints by SMS the platform takes in per second, and how fast it answers the
 * gateway, while many senders write at once; then, in the database, whether every message it
 * acknowledged left exactly one complaint (the one its answer names) with the reply queued
 * (an outbound message and its delivery job), and whether the audit chain is still intact.
 * The same load then goes to a hand-written batched route storing the same rows
 * (bench/sms-intake-peer.ts), the limit of what Node.js and PostgreSQL make of this machine, and
 * both are printed side by side: messages/s, p99, memory, server CPU and SQL statements per
 * message, with the machine's load average, since other work on it skews the figures.
 *
 *   node --import @swc-node/register/esm-register bench/sms-intake.ts [--rate 0] [--connections 50] [--duration 30] [--warm-up 10]
 *     [--delivery on|off] [--peer on|off] [--statements] [--cpu-prof DIR]
 *
 * The platform runs compiled, as `npm start` runs it, in production mode in its own process
 * (the webhook secret checked, SMS written to files), on DATABASE_URL as it is, or on a fresh
 * `pactwatch_sms_bench` database, migrated and seeded with the demo data, in the embedded
 * PostgreSQL of PACTWATCH_DATA_DIR (default: a folder in the system temp folder), which loads
 * pg_stat_statements to count statements. The notification worker delivers during the run as it
 * would in production (the peer's replies too); with `--delivery off` the instance runs with
 * NOTIFICATION_WORKER=false, so replies are only queued. `--statements` lists the busiest
 * statements; `--cpu-prof` writes the platform's CPU profile (warm-up and run) into DIR when it stops.
 * The peer runs from source through the TypeScript loader, which adds to its memory.
 *
 * No rate cap by default: the connections send back to back, and the rate is the most they get
 * through. With `--rate N` autocannon caps the rate per connection and per second: each
 * connection sends its share of a second's requests back to back, so arrivals bunch up at the
 * start of each second — a harsher load for the tail latency than a steady stream.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import getPort from 'get-port';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/audit/verify-chain.js';
import { newSigningKey } from '../src/config/secrets.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { ENTITIES } from '../src/entities.js';
import { withDatabase } from '../src/database/database-server.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';

/** The slice of autocannon's API used here; the package ships no types. */
interface Autocannon {
  (options: {
    url: string;
    connections: number;
    duration: number;
    overallRate?: number;
    timeout: number;
    requests: Array<{
      method: 'POST';
      path: string;
      headers: Record<string, string>;
      setupRequest(request: { body?: string }, context: { messageId?: string }): { body: string };
      onResponse(status: number, body: string, context: { messageId?: string }): void;
    }>;
  }): Promise<AutocannonResult>;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DATABASE = 'pactwatch_sms_bench';
const WEBHOOK_PATH = '/webhooks/sms/africastalking';
/** What issue 10 asks of intake on a 2-core machine, at 50 connections with no rate cap. */
const TARGET = { perSecond: 2000, p99Ms: 50, rssMb: 250 };

const COMPLAINTS = [
  'The dispensary in Kakuma has had no malaria drugs for three weeks and patients are sent to buy them in town.',
  'The borehole drilled last year in Lokichoggio has not worked since March; the contractor was paid in full.',
  'Pupils at Lodwar primary school were asked to pay for examination papers the county said would be free.',
  'Relief food in Kalokol was handed out only to people the chief listed; several elderly people were left out.',
  'The clerk at the sub-county office asked for money before registering my cash transfer application.',
  'The water kiosk in Wajir town charges 50 shillings a jerrican instead of 5 and gives no receipt.',
];

interface Sent {
  /** Status answered to each message id, with the tracking number when the answer named one. */
  answers: Map<string, { status: number; trackingNumber: string | null }>;
  /** The first refusal's status and body, to say why when there are any. */
  firstRefusal: string | null;
}

/** One load phase: `tag` keeps its message ids apart from every other phase and run. */
async function drive(
  url: string,
  secret: string,
  tag: string,
  options: { connections: number; duration: number; rate: number },
): Promise<{ result: AutocannonResult; sent: Sent }> {
  const sent: Sent = { answers: new Map(), firstRefusal: null };
  let counter = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    ...(options.rate > 0 ? { overallRate: options.rate } : {}),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: WEBHOOK_PATH,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-webhook-secret': secret },
        setupRequest(request, context) {
          const n = counter++;
          context.messageId = `ATXid_${tag}_${n}`;
          // Unanswered until a response says otherwise: timed out, or still in flight when the phase ended.
          sent.answers.set(context.messageId, { status: 0, trackingNumber: null });
          // A different sender for each message, as from many phones at once.
          const body = new URLSearchParams({
            from: `+2547${String(n % 100_000_000).padStart(8, '0')}`,
            to: '40404',
            text: `${COMPLAINTS[n % COMPLAINTS.length]} (${n})`,
            date: new Date().toISOString().replace('T', ' ').slice(0, 19),
            id: context.messageId,
            linkId: `bench-${n}`,
          });
          return { ...request, body: body.toString() };
        },
        onResponse(status, body, context) {
          let trackingNumber: string | null = null;
          if (status >= 200 && status < 300) trackingNumber = (JSON.parse(body) as { trackingNumber: string | null }).trackingNumber;
          else sent.firstRefusal ??= `${status} ${body.slice(0, 300)}`;
          sent.answers.set(context.messageId!, { status, trackingNumber });
        },
      },
    ],
  });
  return { result, sent };
}

interface Verification {
  acknowledged: number;
  /** Acknowledged, with exactly one complaint — the one the answer named — and exactly one reply, its job queued. */
  complete: number;
  withoutComplaint: number;
  wrongComplaint: number;
  replyMissingOrDoubled: number;
  jobMissing: number;
  /** Not acknowledged (refused, timed out) yet stored: the gateway's retry is then answered from the record. */
  storedUnacknowledged: number;
  repliesSent: number;
}

/** Counts, by the message ids sent, what the database holds for them. */
async function verify(sql: pg.Pool, sent: Sent): Promise<Verification> {
  const ids = [...sent.answers.keys()];
  const tracking = ids.map((id) => sent.answers.get(id)!.trackingNumber?.replace(/^PW-|-/g, '') ?? null);
  const acknowledged = ids.map((id) => {
    const { status } = sent.answers.get(id)!;
    return status >= 200 && status < 300;
  });
  const { rows } = await sql.query(
    `WITH sent AS (SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[]) AS s(message_id, tracking_number, acknowledged)),
     per_message AS (
       SELECT s.acknowledged,
              count(DISTINCT c.id) AS complaints,
              bool_and(c.tracking_number = s.tracking_number) AS named_complaint,
              count(DISTINCT o.id) AS replies,
              count(DISTINCT o.id) FILTER (WHERE o.status = 'SENT') AS replies_sent,
              count(DISTINCT o.id) FILTER (WHERE j.id IS NOT NULL) AS jobs
         FROM sent s
         LEFT JOIN inbound_messages i ON i.gateway = 'AFRICASTALKING' AND i.message_id = s.message_id
         LEFT JOIN complaints c ON c.id = i.complaint_id
         LEFT JOIN outbound_messages o ON o.complaint_id = c.id AND o.template = 'complaint-received'
         LEFT JOIN (SELECT id, data FROM pgboss.job WHERE name = 'notifications'
                    UNION ALL SELECT id, data FROM pgboss.archive WHERE name = 'notifications') j ON j.data->>'messageId' = o.id::text
        GROUP BY s.message_id, s.acknowledged
     )
     SELECT count(*) FILTER (WHERE acknowledged) AS acknowledged,
            count(*) FILTER (WHERE acknowledged AND complaints = 1 AND named_complaint AND replies = 1 AND jobs = 1) AS complete,
            count(*) FILTER (WHERE acknowledged AND complaints = 0) AS without_complaint,
            count(*) FILTER (WHERE acknowledged AND complaints > 0 AND NOT (complaints = 1 AND named_complaint)) AS wrong_complaint,
            count(*) FILTER (WHERE acknowledged AND complaints > 0 AND replies <> 1) AS reply_missing_or_doubled,
            count(*) FILTER (WHERE acknowledged AND replies > jobs) AS job_missing,
            count(*) FILTER (WHERE NOT acknowledged AND complaints > 0) AS stored_unacknowledged,
            coalesce(sum(replies_sent), 0) AS replies_sent
       FROM per_message`,
    [ids, tracking, acknowledged],
  );
  const [row] = rows as Array<Record<string, string>>;
  return {
    acknowledged: Number(row.acknowledged),
    complete: Number(row.complete),
    withoutComplaint: Number(row.without_complaint),
    wrongComplaint: Number(row.wrong_complaint),
    replyMissingOrDoubled: Number(row.reply_missing_or_doubled),
    jobMissing: Number(row.job_missing),
    storedUnacknowledged: Number(row.stored_unacknowledged),
    repliesSent: Number(row.replies_sent),
  };
}

interface Server {
  name: string;
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * A server in a process of its own, so the load generator does not share its event loop: node
 * with `args`, ready once a line of its output matches `ready`.
 */
async function startServer(name: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv, profileDir?: string): Promise<Server> {
  const port = await getPort();
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, [...profile, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The platform's log is kept, not shown: the last lines explain a failed start.
  const log: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      log.push(line);
      if (log.length > 200) log.shift();
      // Errors are shown as they come (pino level 50 and above): they explain a refusal.
      if (/^\{"level":(5|6)0,/.test(line)) console.error(`${name}: ${line.slice(0, 2000)}`);
    });
  }
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  await new Promise<void>((started, failed) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => ready.test(line) && started());
    void exited.then((code) => failed(new Error(`${name} exited with ${code} before it was ready:\n${log.slice(-20).join('\n')}`)));
  });
  return {
    name,
    child,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident and peak memory of a process, from /proc (Linux). */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** A process's parent and the CPU seconds it has used, from /proc (Linux; clock ticks of 1/100 s). */
function processStat(pid: number): { parent: number; cpuSeconds: number } {
  // From the third field on: the second, the command, may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 };
}

/** CPU seconds used by the embedded PostgreSQL so far: its postmaster and every process it started. */
function databaseCpuSeconds(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = 0;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = processStat(Number(entry));
      if (Number(entry) === postmaster || stat.parent === postmaster) total += stat.cpuSeconds;
    } catch {
      // The process ended while the list was read.
    }
  }
  return total;
}

async function openDatabase(): Promise<{ url: string; dataDir: string; embedded: boolean; stop(): Promise<void> }> {
  const dataDir = resolve(process.env.PACTWATCH_DATA_DIR ?? join(tmpdir(), 'pactwatch-bench-sms'));
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, dataDir, embedded: false, stop: async () => undefined };
  let server = await startEmbeddedPostgres(dataDir, (line) => console.log(line));
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  const restart = await (async () => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
      // pg_stat_statements counts the statements a message costs; it loads at server start only.
      const { rows } = await admin.query<{ shared_preload_libraries: string }>('SHOW shared_preload_libraries');
      if (rows[0].shared_preload_libraries.includes('pg_stat_statements')) return false;
      await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
      return true;
    } finally {
      await admin.end();
    }
  })();
  if (restart) {
    await server.stop();
    server = await startEmbeddedPostgres(dataDir, (line) => console.log(line));
  }
  return { url: withDatabase(server.serverUrl, BENCH_DATABASE), dataDir, embedded: true, stop: () => server.stop() };
}

/**
 * The statements sent since the last reset, by text, busiest first: transaction control is
 * left out, and so are the job queue's own polling and upkeep (schema pgboss) but not the
 * insert of the delivery jobs, which intake sends, and the foreign-key checks PostgreSQL makes
 * itself (one per job row, for the job's queue). Null where pg_stat_statements is not loaded.
 */
async function statementsSinceReset(sql: pg.Pool): Promise<Array<{ calls: number; ms: number; query: string }> | null> {
  try {
    const { rows } = await sql.query<{ calls: string; ms: number; query: string }>(
      `SELECT calls, total_exec_time AS ms, query FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND toplevel AND query !~* '^\\s*(begin|commit|rollback|start transaction)'
          AND query NOT LIKE '%pg_stat_statements%'
          AND query NOT LIKE 'SELECT 1 FROM ONLY % FOR KEY SHARE OF x'
          AND (query NOT LIKE '%pgboss.%' OR query ~* '^\\s*(with .*)?insert into pgboss\\.job')
        ORDER BY calls DESC`,
    );
    return rows.map((row) => ({ calls: Number(row.calls), ms: row.ms, query: row.query }));
  } catch {
    return null;
  }
}

/** The whole audit chain, checked as `npm run audit:verify` does: the batched appends must leave it intact. */
async function auditChain(url: string): Promise<string> {
  const db = new DataSource(dataSourceOptions(url, ENTITIES));
  await db.initialize();
  try {
    const report = await verifyAuditChain(db);
    return report.firstBroken ? `BROKEN at entry ${report.firstBroken.seq}: ${report.firstBroken.problem}` : `intact, ${report.checked} entries`;
  } finally {
    await db.destroy();
  }
}

function positiveInteger(name: string, raw: string, allowZero = false): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1))
    throw new Error(`--${name} must be a${allowZero ? ' non-negative' : ' positive'} integer, got "${raw}"`);
  return value;
}

interface Measured {
  perSecond: number;
  p99: number;
  rss: number;
  platformMsPerMessage: number;
  statementsPerMessage: number | null;
  load: [number, number];
  complete: boolean;
}

/** Warm-up, then the measured run of one server, its figures printed and then checked in the database. */
async function measure(
  server: Server,
  database: Awaited<ReturnType<typeof openDatabase>>,
  sql: pg.Pool,
  secret: string,
  options: { connections: number; rate: number; duration: number; warmUp: number; showStatements: boolean },
): Promise<Measured> {
  const pid = server.child.pid!;
  const say = (label: string, text: string) => console.log(`${`${server.name} ${label}:`.padEnd(22)}${text}`);
  const run = `${server.name}_${Date.now().toString(36)}`;
  const load = { connections: options.connections, rate: options.rate };
  if (options.warmUp > 0) {
    const { result } = await drive(server.url, secret, `${run}_warm`, { ...load, duration: options.warmUp });
    say(
      'warm-up',
      `${options.warmUp} s, ${result.requests.average.toFixed(0)} requests/s, p99 ${result.latency.p99} ms, RSS ${memoryMb(pid).rss.toFixed(0)} MB`,
    );
  }
  const counting = await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()').then(
    () => true,
    () => false,
  );
  const loadBefore = loadavg()[0];
  const cpuBefore = {
    server: processStat(pid).cpuSeconds,
    database: database.embedded ? databaseCpuSeconds(database.dataDir) : 0,
    generator: process.cpuUsage(),
  };
  const { result, sent } = await drive(server.url, secret, run, { ...load, duration: options.duration });
  const serverSeconds = processStat(pid).cpuSeconds - cpuBefore.server;
  // Per message as well: on a machine shared with other work, the rate follows the CPU each message costs.
  const percentOfCore = (seconds: number) =>
    `${((seconds / result.duration) * 100).toFixed(0)}% (${((seconds * 1000) / (result['2xx'] || 1)).toFixed(2)} ms per message)`;
  const cpu = [
    `${server.name} ${percentOfCore(serverSeconds)}`,
    ...(database.embedded ? [`database ${percentOfCore(databaseCpuSeconds(database.dataDir) - cpuBefore.database)}`] : []),
    `load generator ${percentOfCore(Object.values(process.cpuUsage(cpuBefore.generator)).reduce((sum, micros) => sum + micros, 0) / 1e6)}`,
  ];
  const loadAfter = loadavg()[0];
  const memory = memoryMb(pid);
  // Requests still in flight when the run stopped finish first: their statements are counted, as they are among those sent.
  await new Promise((settled) => setTimeout(settled, 500));
  const statements = counting ? await statementsSinceReset(sql) : null;
  const check = await verify(sql, sent);
  const perSecond = result['2xx'] / result.duration;

  say('requests', `${result.requests.total} sent, ${perSecond.toFixed(0)} acknowledged/s (autocannon average ${result.requests.average.toFixed(0)}/s)`);
  say('latency', `p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  say(
    'failures',
    `${result.non2xx} non-2xx, ${result.errors} errors (${result.timeouts} timeouts)${sent.firstRefusal ? `; the first: ${sent.firstRefusal}` : ''}`,
  );
  say(
    'database',
    `${check.complete} of ${check.acknowledged} acknowledged messages stored with one complaint (the one answered) and one queued reply; ` +
      `${check.withoutComplaint} without complaint, ${check.wrongComplaint} with another or more complaints, ${check.replyMissingOrDoubled} with no or several replies, ` +
      `${check.jobMissing} with a reply but no job; ${check.storedUnacknowledged} stored but unanswered (in flight when the run stopped, or timed out)`,
  );
  const statementCount = statements?.reduce((sum, { calls }) => sum + calls, 0) ?? null;
  if (statements && statementCount !== null) {
    say(
      'sql',
      `${(statementCount / result.requests.total).toFixed(2)} statements per message sent (without transaction control, the queue's polling and foreign-key checks)`,
    );
    if (options.showStatements)
      for (const { calls, ms, query } of statements.slice(0, 15))
        console.log(
          `${''.padEnd(22)}${(calls / result.requests.total).toFixed(3).padStart(7)} per message, ${(ms / calls).toFixed(2).padStart(6)} ms each  ${query.replace(/\s+/g, ' ').slice(0, 110)}`,
        );
  }
  say('memory', `RSS ${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB)`);
  say('cpu', `${cpu.join(', ')} of one core; load average ${loadBefore.toFixed(1)} before the run, ${loadAfter.toFixed(1)} after (${cpus().length} cores)`);
  return {
    perSecond,
    p99: result.latency.p99,
    rss: memory.rss,
    platformMsPerMessage: (serverSeconds * 1000) / (result['2xx'] || 1),
    statementsPerMessage: statementCount === null ? null : statementCount / result.requests.total,
    load: [loadBefore, loadAfter],
    complete: result.non2xx + result.errors === 0 && check.complete === check.acknowledged,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '0' },
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '30' },
      'warm-up': { type: 'string', default: '10' },
      delivery: { type: 'string', default: 'on' },
      peer: { type: 'string', default: 'on' },
      'cpu-prof': { type: 'string' },
      statements: { type: 'boolean', default: false },
    },
  });
  const options = {
    rate: positiveInteger('rate', values.rate, true),
    connections: positiveInteger('connections', values.connections),
    duration: positiveInteger('duration', values.duration),
    warmUp: positiveInteger('warm-up', values['warm-up'], true),
    showStatements: values.statements,
  };
  if (values.delivery !== 'on' && values.delivery !== 'off') throw new Error(`--delivery must be on or off, got "${values.delivery}"`);
  if (values.peer !== 'on' && values.peer !== 'off') throw new Error(`--peer must be on or off, got "${values.peer}"`);

  const database = await openDatabase();
  const secret = randomBytes(16).toString('hex');
  const contactKey = randomBytes(32).toString('base64');
  const startedAt = performance.now();
  const servers: Server[] = [];
  const sql = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    const pactwatch = await startServer(
      'pactwatch',
      // Compiled, as `npm start` runs it (building first when the sources changed): memory is the deployed app's.
      ['scripts/start.mjs'],
      /ready in \d+ ms/,
      {
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        // With DATABASE_URL set the platform no longer migrates by default; the fresh database needs it.
        RUN_MIGRATIONS: 'true',
        PACTWATCH_DATA_DIR: database.dataDir,
        SIGNING_KEY: newSigningKey(),
        TOKEN_SECRET: randomBytes(32).toString('base64url'),
        CONTACT_ENCRYPTION_KEY: contactKey,
        AFRICASTALKING_WEBHOOK_SECRET: secret,
        SMS_GATEWAY: 'file',
        SEED_DEMO_DATA: 'true',
        ...(values.delivery === 'off' ? { NOTIFICATION_WORKER: 'false' } : {}),
      },
      values['cpu-prof'],
    );
    servers.push(pactwatch);
    console.log(
      `pactwatch ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (pid ${pactwatch.child.pid}), RSS ${memoryMb(pactwatch.child.pid!).rss.toFixed(0)} MB`,
    );
    // On the database Pactwatch migrated; its delivery worker (with --delivery on) sends the peer's replies too.
    if (values.peer === 'on')
      servers.push(
        await startServer('handwritten', ['--import', '@swc-node/register/esm-register', 'bench/sms-intake-peer.ts'], /^ready$/, {
          DATABASE_URL: database.url,
          CONTACT_ENCRYPTION_KEY: contactKey,
          AFRICASTALKING_WEBHOOK_SECRET: secret,
        }),
      );
    console.log(
      `load:                 ${options.connections} connections, ${options.rate > 0 ? `${options.rate} requests/s offered` : 'no rate cap'}, ${options.duration} s, delivery ${values.delivery}`,
    );
    const measured: Measured[] = [];
    for (const server of servers) measured.push(await measure(server, database, sql, secret, options));
    const chain = await auditChain(database.url);
    console.log(`audit:                chain ${chain}`);

    console.log();
    console.log('| server | messages/s | p99 | RSS | server CPU per message | statements per message | load average (before, after) |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [index, m] of measured.entries())
      console.log(
        `| ${servers[index].name} | ${m.perSecond.toFixed(0)} | ${m.p99} ms | ${m.rss.toFixed(0)} MB | ${m.platformMsPerMessage.toFixed(2)} ms | ${m.statementsPerMessage?.toFixed(2) ?? '-'} | ${m.load.map((l) => l.toFixed(1)).join(', ')} |`,
      );
    const [ours] = measured;
    const met = ours.perSecond >= TARGET.perSecond && ours.p99 < TARGET.p99Ms && ours.rss < TARGET.rssMb && ours.complete && chain.startsWith('intact');
    console.log(
      `\ntarget: Pactwatch ${TARGET.perSecond}/s with p99 under ${TARGET.p99Ms} ms and RSS under ${TARGET.rssMb} MB, every acknowledged message stored, chain intact: ${met ? 'met' : 'MISSED'}`,
    );
  } finally {
    await sql.end();
    for (const server of servers.toReversed()) await server.stop();
    await database.stop();
  }
}

await main();
