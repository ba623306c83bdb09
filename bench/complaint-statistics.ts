/**
 * How long the complaint statistics take over a million complaints, asked over HTTP of the
 * real application as a client would: the GraphQL query for a convener (every figure) and for
 * the public (small counts withheld), the CSV and the PDF. The database is seeded once
 * (bench/seed-complaints.ts) and reused by later runs.
 *
 *   npm run bench:statistics -- [--complaints 1000000] [--runs 20]
 *
 * DATABASE_URL when set; otherwise an embedded cluster in PACTWATCH_DATA_DIR, by default
 * `.pactwatch/bench` (kept, so the next run skips the seeding).
 */
import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config/app-config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/seed/demo-seeder.service.js';
import { seedComplaints } from './seed-complaints.js';
import { STATISTICS } from '../test/support/complaints.js';

const WARM_UP_RUNS = 3;

interface Measured {
  name: string;
  times: number[];
  bytes: number;
  /** CPU milliseconds per request: this process (client and server) and the PostgreSQL backends; null when they cannot be read. */
  cpu: { node: number; postgres: number };
}

/**
 * CPU time the database's backends have used so far, read from /proc: only for a server on this
 * machine (the embedded one). The machine is shared, so wall times depend on what else runs;
 * CPU time per request says what the statistics cost whatever the load.
 */
async function postgresCpuMs(db: DataSource): Promise<Map<number, number> | null> {
  const rows: Array<{ pid: number }> = await db.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
  );
  const used = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      return null;
    }
  }
  return used;
}

/** CPU the backends used between two readings; a backend that appeared in between counts from its start. */
function postgresCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  return [...after].reduce((total, [pid, used]) => total + used - (before.get(pid) ?? 0), 0);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { complaints: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '20' } } });
  const wanted = Number(values.complaints);
  const runs = Number(values.runs);
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`--complaints must be a positive integer, got "${values.complaints}"`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);

  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    PACTWATCH_DATA_DIR: process.env.PACTWATCH_DATA_DIR ?? '.pactwatch/bench',
    SEED_DEMO_DATA: 'true',
  });
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${config.databaseUrl ? 'DATABASE_URL' : config.dataDir})`,
  );
  const running = await startApp(config);
  try {
    const db = running.app.get(DataSource);
    const [{ existing }] = await db.query(`SELECT count(*)::int AS existing FROM complaints WHERE merged_into_id IS NULL`);
    if (existing < wanted) {
      const bar = new SingleBar({ format: 'seeding complaints [{bar}] {value}/{total}', hideCursor: true, stream: process.stderr });
      bar.start(wanted - existing, 0);
      const seeded = await seedComplaints(db, { count: wanted - existing, onProgress: (inserted) => bar.update(inserted), onStep: () => bar.stop() });
      bar.stop();
      console.log(`seeded ${seeded.inserted} complaints in ${seeded.seconds.toFixed(1)} s`);
    } else {
      console.log(`reusing ${existing} complaints`);
    }

    const graphql = async (token?: string, filter: Record<string, string> = {}) => {
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: STATISTICS, variables: { filter } }),
      });
      const text = await response.text();
      const body = JSON.parse(text) as { data?: { complaintStatistics: { total: { count: number } } }; errors?: unknown };
      if (body.errors || !body.data) throw new Error(`complaintStatistics failed: ${text.slice(0, 500)}`);
      return text.length;
    };
    const download = async (path: string) => {
      const response = await fetch(`${running.url}${path}`);
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.arrayBuffer()).byteLength;
    };
    const login = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($input: LoginInput!) { login(input: $input) { token } }',
        variables: { input: { email: DEMO_ACCOUNTS.convener, password: DEMO_PASSWORD } },
      }),
    });
    const convener = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;

    const cases: Array<[string, () => Promise<number>]> = [
      ['GraphQL, convener (every figure)', () => graphql(convener)],
      ['GraphQL, public (small counts withheld)', () => graphql()],
      ['GraphQL, convener, last 90 days', () => graphql(convener, { from: new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10) })],
      ['CSV, public', () => download('/complaints/statistics.csv')],
      ['PDF, public', () => download('/complaints/statistics.pdf')],
    ];
    const results: Measured[] = [];
    for (const [name, run] of cases) {
      for (let i = 0; i < WARM_UP_RUNS; i++) await run();
      const times: number[] = [];
      let bytes = 0;
      const nodeBefore = process.cpuUsage();
      const postgresBefore = await postgresCpuMs(db);
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        bytes = await run();
        times.push(performance.now() - started);
      }
      const postgresAfter = await postgresCpuMs(db);
      const node = process.cpuUsage(nodeBefore);
      results.push({
        name,
        times: times.sort((a, b) => a - b),
        bytes,
        cpu: { node: (node.user + node.system) / 1000 / runs, postgres: (postgresCpuBetween(postgresBefore, postgresAfter) ?? NaN) / runs },
      });
    }

    const ms = (value: number) => `${value.toFixed(0)} ms`;
    const [{ counted }] = await db.query(`SELECT count(*)::int AS counted FROM complaints WHERE merged_into_id IS NULL`);
    console.log(`\n${counted} complaints, ${runs} runs each after ${WARM_UP_RUNS} warm-up runs`);
    for (const { name, times, bytes, cpu } of results) {
      const cpuText = `CPU/request: node ${ms(cpu.node)}, PostgreSQL ${Number.isNaN(cpu.postgres) ? 'n/a' : ms(cpu.postgres)}`;
      console.log(
        `${name.padEnd(42)} median ${ms(percentile(times, 0.5)).padStart(7)}  p95 ${ms(percentile(times, 0.95)).padStart(7)}  max ${ms(times[times.length - 1]).padStart(7)}  ` +
          `(${Math.round(bytes / 1024)} kB; ${cpuText})`,
      );
    }
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await running.close();
  }
}

await main();
