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
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  addProcurements,
  check,
  graphqlRequest,
  measure,
  openDatabase,
  printTable,
  spawnServer,
  startPactwatch,
  type Measure,
  type Server,
} from './load-servers.js';

const DATA_DIR = join(tmpdir(), 'pactwatch-bench-read-path');
const POSTGRAPHILE_PREFIX = join(tmpdir(), 'pactwatch-bench-postgraphile');
const DATABASE = 'pactwatch_read_path_bench';
const REFERENCE = 'TCG/WTR/2026/003';

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

function installPostgraphile(): void {
  if (existsSync(join(POSTGRAPHILE_PREFIX, 'node_modules', 'postgraphile'))) return;
  console.log(`installing postgraphile@4.14 into ${POSTGRAPHILE_PREFIX} (for the benchmark only)`);
  execFileSync('npm', ['install', '--prefix', POSTGRAPHILE_PREFIX, '--no-save', '--no-audit', '--no-fund', 'postgraphile@4.14'], { stdio: 'inherit' });
}

/** Pactwatch as in production, seeding the demo data on its first start; both of its queries are measured. */ /** Pactwatch, whose two reads of the case file are both measured. */
async function pactwatch(url: string, procurementId: () => Promise<string>): Promise<Server[]> {
  const platform = await startPactwatch(url, DATA_DIR);
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
  const database = await openDatabase(DATA_DIR, DATABASE);
  const sql = new pg.Pool({ connectionString: database.url, max: 1 });
  const servers: Server[] = [];
  try {
    const procurementId = async () => (await sql.query<{ id: string }>('SELECT id FROM procurements WHERE reference = $1', [REFERENCE])).rows[0].id;
    servers.push(...(await pactwatch(database.url, procurementId)));
    await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await addProcurements(sql, extra, REFERENCE);
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
        const result = await measure(server, sql, connections, duration, DATA_DIR);
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
