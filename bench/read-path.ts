/**
 * The read path side by side: the public case file of TCG/WTR/2026/003 (procurement, stage
 * history, pact, versions, signatures, findings with their responses, as the public sees it)
 * read through Pactwatch's GraphQL API, through PostGraphile 4 on the same tables, and through
 * one hand-written Fastify route with one `json_agg` statement, the limit of the machine.
 *
 *   node --import @swc-node/register/esm-register bench/read-path.ts [--duration 15] [--rounds 3] [--connections 20] [--extra-procurements 0]
 *
 * Every server runs in its own process on one fresh database of the embedded PostgreSQL
 * (migrated and seeded with the demo data by the platform itself, in production mode, built
 * by `npm start`), with pg_stat_statements loaded to count the statements each request costs.
 * PostGraphile 4.14 is installed for the benchmark only, into a folder of the system temp folder
 * (`npm install --prefix`); it is never a dependency of the project. Rounds are interleaved, so a
 * neighbour's load on the shared machine falls on every server alike; the median round is shown.
 * The statements of Pactwatch's job queue (schema pgboss), which polls whatever the load, are not counted.
 */
import 'reflect-metadata';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import getPort from 'get-port';
import pg from 'pg';
import { newSigningKey } from '../src/config/secrets.js';
import { withDatabase } from '../src/database/database-server.js';
import { startEmbeddedPostgres, type RunningDatabase } from '../src/database/embedded-postgres.js';

interface AutocannonResult {
  requests: { total: number; sent: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(tmpdir(), 'pactwatch-bench-read-path');
const POSTGRAPHILE_PREFIX = join(tmpdir(), 'pactwatch-bench-postgraphile');
const DATABASE = 'pactwatch_read_path_bench';
const REFERENCE = 'TCG/WTR/2026/003';
/** How long after a run the statements are counted, so that its last requests are in it. */
const SETTLE_MS = 1500;

const CASE_FILE_FIELDS = `reference title stage authority { name }
  stageHistory { fromStage toStage occurredAt note }
  pact { versions { number contentHash publishedAt signatures { organisationName party signerName signedAt } } }`;

/** The case file through the resolvers of each type (one service and loader per field). */
const PACTWATCH_GRAPH = `query ($id: ID!) { procurement(id: $id) { ${CASE_FILE_FIELDS}
  findings { items { title severity status createdAt responses { body createdAt } } } } }`;

/** The same fields through the compiled read: one statement for the whole selection. */
const PACTWATCH_COMPILED = `query ($reference: String!) { caseFile(reference: $reference) { ${CASE_FILE_FIELDS}
  findings { title severity status createdAt responses { body createdAt } } } }`;

/** PostGraphile applies no rule: the public filter on findings is spelled out (visibility only). */
const POSTGRAPHILE_QUERY = `query ($reference: String!) { procurementByReference(reference: $reference) {
  reference title stage organisationByAuthorityId { name }
  stageTransitionsByProcurementId(orderBy: OCCURRED_AT_ASC) { nodes { fromStage toStage occurredAt note } }
  pactByProcurementId { pactVersionsByPactId(orderBy: NUMBER_ASC) { nodes { number contentHash publishedAt
    signaturesByPactVersionId(orderBy: SIGNED_AT_ASC) { nodes { organisationName party signerName signedAt } } } } }
  findingsByProcurementId(condition: { visibility: PUBLIC }, orderBy: CREATED_AT_DESC) { nodes { title severity status createdAt
    findingResponsesByFindingId(orderBy: CREATED_AT_ASC) { nodes { body createdAt } } } } } }`;

interface Server {
  name: string;
  process: ChildProcess;
  request: { url: string; method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };
  stop: () => Promise<void>;
}

async function spawnServer(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number; stop: () => Promise<void> }> {
  const port = await getPort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => void log.push(line));
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  await new Promise<void>((ready, failed) => {
    createInterface({ input: child.stdout }).on('line', (line) => /^ready$|ready in \d+ ms/.test(line) && ready());
    void exited.then((code) => failed(new Error(`${name} exited with ${code} before it was ready:\n${log.slice(-20).join('\n')}`)));
  });
  return {
    child,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function graphqlRequest(port: number, query: string, variables: Record<string, string>): Server['request'] {
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  };
}

/** A fresh database on an embedded cluster that loads pg_stat_statements (set once, then the cluster restarts). */
async function openDatabase(): Promise<{ url: string; server: RunningDatabase }> {
  let server = await startEmbeddedPostgres(DATA_DIR, () => undefined);
  const admin = async (sql: string[]) => {
    const client = new pg.Client({ connectionString: server.serverUrl });
    await client.connect();
    try {
      for (const statement of sql) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin([
    `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`,
    `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`,
    `CREATE DATABASE ${DATABASE}`,
  ]);
  await server.stop();
  server = await startEmbeddedPostgres(DATA_DIR, () => undefined);
  return { url: withDatabase(server.serverUrl, DATABASE), server };
}

/** More procurements beside the demo ones, each with a published pact version, so a read whose cost grows with the tables shows it. */
async function addProcurements(sql: pg.Pool, count: number): Promise<void> {
  if (count <= 0) return;
  await sql.query(
    `WITH model AS (SELECT p.authority_id, pv.* FROM procurements p JOIN pacts pa ON pa.procurement_id = p.id
                      JOIN pact_versions pv ON pv.pact_id = pa.id WHERE p.reference = $1 LIMIT 1),
          made AS (INSERT INTO procurements (reference, title, authority_id) SELECT 'BENCH/' || n, 'Bench tender ' || n, model.authority_id
                     FROM generate_series(1, $2) n, model RETURNING id),
          pact AS (INSERT INTO pacts (procurement_id) SELECT id FROM made RETURNING id)
     INSERT INTO pact_versions (pact_id, number, template_key, language, title, clauses, canonical_content, content_hash, published_by, published_at)
     SELECT pact.id, 1, model.template_key, model.language, model.title, model.clauses, model.canonical_content,
            md5(pact.id::text) || md5(pact.id::text), model.published_by, model.published_at FROM pact, model`,
    [REFERENCE, count],
  );
  await sql.query('ANALYZE');
}

/** CPU seconds a process has used, from /proc (Linux, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function parentOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
}

function databaseCpuSeconds(): number {
  const postmaster = Number(readFileSync(join(DATA_DIR, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = 0;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (Number(entry) === postmaster || parentOf(Number(entry)) === postmaster) total += cpuSeconds(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return total;
}

function rssMb(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
}

/** Statements sent since the last reset, leaving out transaction control, the job queue's polling and this probe itself. */
async function statementsSinceReset(sql: pg.Pool): Promise<number> {
  const { rows } = await sql.query<{ calls: string }>(
    `SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query !~* '^\\s*(begin|commit|rollback|start transaction)' AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%pgboss.%'`,
  );
  return Number(rows[0].calls);
}

interface Measure {
  perSecond: number;
  p99: number;
  statements: number;
  serverCpuMs: number;
  databaseCpuMs: number;
  rss: number;
  failures: number;
}

async function measure(server: Server, sql: pg.Pool, connections: number, duration: number): Promise<Measure> {
  const pid = server.process.pid!;
  await sql.query('SELECT pg_stat_statements_reset()');
  const before = { server: cpuSeconds(pid), database: databaseCpuSeconds() };
  const result = await autocannon({ ...server.request, connections, duration });
  // Requests still in flight when the run stops finish before the count is read, not during the next server's run.
  await new Promise((settled) => setTimeout(settled, SETTLE_MS));
  const statements = await statementsSinceReset(sql);
  const requests = result['2xx'] || 1;
  return {
    perSecond: result['2xx'] / result.duration,
    p99: result.latency.p99,
    // Every request sent has finished by now (the ones in flight at the end too): the statements are theirs.
    statements: statements / (result.requests.sent || 1),
    serverCpuMs: ((cpuSeconds(pid) - before.server) * 1000) / requests,
    databaseCpuMs: ((databaseCpuSeconds() - before.database) * 1000) / requests,
    rss: rssMb(pid),
    failures: result.non2xx + result.errors,
  };
}

/** One request, checked: a server that answers errors would otherwise look fast. */
async function check(server: Server): Promise<number> {
  const response = await fetch(server.request.url, { method: server.request.method, headers: server.request.headers, body: server.request.body });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"')) throw new Error(`${server.name} answered ${response.status}: ${text.slice(0, 500)}`);
  return text.length;
}

function installPostgraphile(): void {
  if (existsSync(join(POSTGRAPHILE_PREFIX, 'node_modules', 'postgraphile'))) return;
  console.log(`installing postgraphile@4.14 into ${POSTGRAPHILE_PREFIX} (for the benchmark only)`);
  execFileSync('npm', ['install', '--prefix', POSTGRAPHILE_PREFIX, '--no-save', '--no-audit', '--no-fund', 'postgraphile@4.14'], { stdio: 'inherit' });
}

/** Pactwatch as in production, seeding the demo data on its first start; both of its queries are measured. */
async function startPactwatch(url: string, procurementId: () => Promise<string>): Promise<Server[]> {
  const startedAt = performance.now();
  const platform = await spawnServer('pactwatch', ['scripts/start.mjs'], {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    PACTWATCH_DATA_DIR: DATA_DIR,
    SIGNING_KEY: newSigningKey(),
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
    CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RUN_MIGRATIONS: 'true',
    SEED_DEMO_DATA: 'true',
    NOTIFICATION_WORKER: 'false',
    // The bench's one address stands for many public readers: the anonymous budget is still
    // counted on every request (a statement of its own), but set high enough never to refuse.
    ANONYMOUS_COST_PER_MINUTE: '100000000',
  });
  console.log(`pactwatch ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (build if needed, migrations, demo seed)`);
  const id = await procurementId();
  return [
    { name: 'Pactwatch, resolvers per field', process: platform.child, request: graphqlRequest(platform.port, PACTWATCH_GRAPH, { id }), stop: platform.stop },
    {
      name: 'Pactwatch, compiled case file',
      process: platform.child,
      request: graphqlRequest(platform.port, PACTWATCH_COMPILED, { reference: REFERENCE }),
      stop: platform.stop,
    },
  ];
}

async function peer(kind: 'postgraphile' | 'handwritten', url: string): Promise<Server> {
  const server = await spawnServer(kind, ['--import', '@swc-node/register/esm-register', 'bench/read-path-peers.ts', kind], {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    POSTGRAPHILE_PREFIX,
  });
  const request =
    kind === 'postgraphile'
      ? graphqlRequest(server.port, POSTGRAPHILE_QUERY, { reference: REFERENCE })
      : { url: `http://127.0.0.1:${server.port}/case-files/${encodeURIComponent(REFERENCE)}`, method: 'GET' as const };
  return { name: kind === 'postgraphile' ? 'PostGraphile 4.14' : 'hand-written Fastify + json_agg', process: server.child, request, stop: server.stop };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function printTable(results: Map<string, Measure[]>): void {
  console.log(
    '\n| server | requests/s (median) | p99 ms (median) | SQL statements per request | server CPU ms per request | database CPU ms per request | RSS MB | failures |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, rounds] of results) {
    const m = (pick: (r: Measure) => number) => median(rounds.map(pick));
    console.log(
      `| ${name} | ${m((r) => r.perSecond).toFixed(0)} | ${m((r) => r.p99)} | ${m((r) => r.statements).toFixed(2)} | ${m((r) => r.serverCpuMs).toFixed(2)} | ` +
        `${m((r) => r.databaseCpuMs).toFixed(2)} | ${Math.max(...rounds.map((r) => r.rss)).toFixed(0)} | ${rounds.reduce((sum, r) => sum + r.failures, 0)} |`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '15' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '20' },
      'extra-procurements': { type: 'string', default: '0' },
    },
  });
  const [duration, rounds, connections, extra] = [values.duration, values.rounds, values.connections, values['extra-procurements']].map(Number);
  if (![duration, rounds, connections].every((n) => Number.isInteger(n) && n > 0) || !Number.isInteger(extra) || extra < 0) {
    throw new Error('--duration, --rounds and --connections take positive integers, --extra-procurements a non-negative one');
  }
  installPostgraphile();
  const database = await openDatabase();
  const sql = new pg.Pool({ connectionString: database.url, max: 1 });
  const servers: Server[] = [];
  try {
    const procurementId = async () => (await sql.query<{ id: string }>('SELECT id FROM procurements WHERE reference = $1', [REFERENCE])).rows[0].id;
    servers.push(...(await startPactwatch(database.url, procurementId)));
    await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await addProcurements(sql, extra);
    servers.push(await peer('postgraphile', database.url), await peer('handwritten', database.url));
    const runnable: Server[] = [];
    for (const server of servers) {
      try {
        console.log(`${server.name}: ${await check(server)} bytes per answer`);
        runnable.push(server);
      } catch (error) {
        console.log(`${server.name}: left out, ${(error as Error).message}`);
      }
    }
    const results = new Map<string, Measure[]>(runnable.map((server) => [server.name, []]));
    const loadBefore = loadavg();
    for (let round = 1; round <= rounds; round++) {
      for (const server of runnable) {
        const result = await measure(server, sql, connections, duration);
        results.get(server.name)!.push(result);
        console.log(
          `round ${round} ${server.name}: ${result.perSecond.toFixed(0)}/s, p99 ${result.p99} ms, ${result.statements.toFixed(2)} statements/request`,
        );
      }
    }
    console.log(
      `\n${connections} connections, ${duration} s × ${rounds} interleaved rounds, ${extra} extra procurements; ` +
        `load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} after (${cpus().length} cores)`,
    );
    printTable(results);
  } finally {
    await sql.end();
    for (const server of new Set(servers.map((s) => s.stop))) await server();
    await database.server.stop();
  }
}

await main();
