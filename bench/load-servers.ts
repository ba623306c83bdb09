/**
 * What the load benchmarks share: an embedded PostgreSQL cluster that counts statements
 * (pg_stat_statements), servers spawned as processes of their own, and a measure of one server under
 * autocannon with its CPU, the database's CPU, its memory and the statements each request costs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import pg from 'pg';
import { newSigningKey } from '../src/config/secrets.js';
import { withDatabase } from '../src/database/database-server.js';
import { startEmbeddedPostgres, type RunningDatabase } from '../src/database/embedded-postgres.js';

export interface AutocannonResult {
  requests: { total: number; sent: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
}
export type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}) => Promise<AutocannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** How long after a run the statements are counted, so that its last requests are in it. */
const SETTLE_MS = 1500;

export interface Server {
  name: string;
  process: ChildProcess;
  request: { url: string; method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };
  stop: () => Promise<void>;
}

export async function spawnServer(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number; stop: () => Promise<void> }> {
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

export function graphqlRequest(port: number, query: string, variables: Record<string, string>): Server['request'] {
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  };
}

/** A fresh database `database` on the embedded cluster in `dataDir` that loads pg_stat_statements (set once, then the cluster restarts). */
export async function openDatabase(dataDir: string, database: string): Promise<{ url: string; server: RunningDatabase }> {
  let server = await startEmbeddedPostgres(dataDir, () => undefined);
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
    `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`,
    `CREATE DATABASE ${database}`,
  ]);
  await server.stop();
  server = await startEmbeddedPostgres(dataDir, () => undefined);
  return { url: withDatabase(server.serverUrl, database), server };
}

/** More procurements beside the demo ones, copies of `modelReference`, each with a published pact version, so a read whose cost grows with the tables shows it. */
export async function addProcurements(sql: pg.Pool, count: number, modelReference: string): Promise<void> {
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
    [modelReference, count],
  );
  await sql.query('ANALYZE');
}

/** CPU seconds a process has used, from /proc (Linux, clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function parentOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
}

function databaseCpuSeconds(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
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

export function rssMb(pid: number): number {
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

export interface Measure {
  perSecond: number;
  p99: number;
  statements: number;
  serverCpuMs: number;
  databaseCpuMs: number;
  rss: number;
  failures: number;
}

export async function measure(server: Server, sql: pg.Pool, connections: number, duration: number, dataDir: string): Promise<Measure> {
  const pid = server.process.pid!;
  await sql.query('SELECT pg_stat_statements_reset()');
  const before = { server: cpuSeconds(pid), database: databaseCpuSeconds(dataDir) };
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
    databaseCpuMs: ((databaseCpuSeconds(dataDir) - before.database) * 1000) / requests,
    rss: rssMb(pid),
    failures: result.non2xx + result.errors,
  };
}

/** One request, checked: a server that answers errors would otherwise look fast. */
export async function check(server: Server): Promise<number> {
  const response = await fetch(server.request.url, { method: server.request.method, headers: server.request.headers, body: server.request.body });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"')) throw new Error(`${server.name} answered ${response.status}: ${text.slice(0, 500)}`);
  return text.length;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function printTable(results: Map<string, Measure[]>): void {
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

/**
 * Pactwatch as in production (`npm start`: built if needed), seeding the demo data on its first
 * start; the bench's one address stands for many public readers, so the anonymous budget is
 * still counted on every request but set high enough never to refuse.
 */
export async function startPactwatch(
  url: string,
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; port: number; stop: () => Promise<void> }> {
  const startedAt = performance.now();
  const platform = await spawnServer('pactwatch', ['scripts/start.mjs'], {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    PACTWATCH_DATA_DIR: dataDir,
    SIGNING_KEY: newSigningKey(),
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
    CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RUN_MIGRATIONS: 'true',
    SEED_DEMO_DATA: 'true',
    NOTIFICATION_WORKER: 'false',
    // The benches measure reads: a deadline sweep writing reminders for seeded complaints would run among them.
    DEADLINE_SWEEP_SECONDS: '0',
    ANONYMOUS_COST_PER_MINUTE: '100000000',
    ...env,
  });
  console.log(`pactwatch ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (build if needed, migrations, demo seed)`);
  return platform;
}
