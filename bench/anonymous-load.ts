/**
 * Issue 9 §4: while 20 anonymous clients send the most expensive queries they are allowed, do
 * `/health` and a signed-in authority's query stay fast? Each client speaks from its own
 * loopback address (127.0.0.11, .12, …), so each has a budget of its own, as 20 machines would.
 * Clients ignore Retry-After and keep sending, as an attacker would. Prints p50/p95/p99 of the
 * two probes alone and under that load. The app runs alone in this process; probes and attackers
 * run in child processes of their own (bench/anonymous-load-client.ts).
 *
 *   npm run bench:anonymous-load -- [--clients 20] [--seconds 20]
 *
 * DATABASE_URL when set; otherwise an embedded cluster in PACTWATCH_DATA_DIR, by default
 * `.pactwatch/bench-anonymous`. ANONYMOUS_COST_PER_MINUTE and GRAPHQL_MAX_COMPLEXITY apply.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config/app-config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/seed/demo-seeder.service.js';
import type { Answer, ClientOrder } from './anonymous-load-client.js';

/** The heaviest operation under the default cost limit (1000): nine statistics (102 each), each over another period so none is a repeat. */
const EXPENSIVE = `{ ${Array.from({ length: 9 }, (_, i) => `s${i}: complaintStatistics(filter: { from: "2026-0${i + 1}-01" }) { total { count } }`).join(' ')} }`;
const AUTHORITY_QUERY = '{ procurements { items { id reference title stage } totalCount } }';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Runs one order in a child process (see anonymous-load-client.ts), with this process's loader. */
function inChild(order: ClientOrder): Promise<Answer[][]> {
  const child = fork(new URL('./anonymous-load-client.ts', import.meta.url));
  child.send(order);
  return new Promise((resolve, reject) => {
    child.once('message', (answers) => resolve(answers as Answer[][]));
    child.once('exit', (code) => reject(new Error(`load client exited with ${code} before it answered`)));
  });
}

function row(name: string, answers: Answer[]): string {
  const times = answers.map((a) => a.ms).sort((a, b) => a - b);
  const statuses = [...new Set(answers.map((a) => a.status))].sort().join('/');
  const cells = [name.padEnd(34), String(answers.length).padStart(7), statuses.padStart(8)];
  for (const p of [50, 95, 99]) cells.push(percentile(times, p).toFixed(1).padStart(8));
  cells.push((times.at(-1) ?? NaN).toFixed(1).padStart(8));
  return cells.join(' ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { clients: { type: 'string', default: '20' }, seconds: { type: 'string', default: '20' } } });
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(clients) || clients < 1 || clients > 200) throw new Error(`--clients must be 1 to 200, got "${values.clients}"`);
  if (!(seconds > 0)) throw new Error(`--seconds must be positive, got "${values.seconds}"`);

  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'error',
    PACTWATCH_DATA_DIR: process.env.PACTWATCH_DATA_DIR ?? '.pactwatch/bench-anonymous',
    SEED_DEMO_DATA: 'true',
  });
  const running = await startApp(config);
  try {
    const graphql = new URL('/graphql', running.url);
    const login = JSON.stringify({
      query: 'mutation ($input: LoginInput!) { login(input: $input) { token } }',
      variables: { input: { email: DEMO_ACCOUNTS.authority, password: DEMO_PASSWORD } },
    });
    const token = await new Promise<string>((resolve, reject) => {
      const call = request(graphql, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve((JSON.parse(text) as { data: { login: { token: string } } }).data.login.token));
      });
      call.on('error', reject);
      call.end(login);
    });
    const url = running.url;
    const probes = (probeSeconds: number) => inChild({ kind: 'probe', url, seconds: probeSeconds, token, authorityQuery: AUTHORITY_QUERY });

    const [idleHealth, idleAuthority] = await probes(seconds / 2);
    const [[loadedHealth, loadedAuthority], [anonymous]] = await Promise.all([
      probes(seconds),
      inChild({ kind: 'attack', url, seconds, clients, query: EXPENSIVE }),
    ]);

    console.log(
      `\n${clients} anonymous clients for ${seconds} s, cost limit ${config.graphqlMaxComplexity}, budget ${config.anonymousCostPerMinute}/min per client`,
    );
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
    console.log(
      [
        'probe'.padEnd(34),
        'answers'.padStart(7),
        'status'.padStart(8),
        'p50 ms'.padStart(8),
        'p95 ms'.padStart(8),
        'p99 ms'.padStart(8),
        'max ms'.padStart(8),
      ].join(' '),
    );
    console.log(row('/health, alone', idleHealth));
    console.log(row('authority query, alone', idleAuthority));
    console.log(row('/health, under load', loadedHealth));
    console.log(row('authority query, under load', loadedAuthority));
    console.log(row('anonymous expensive queries', anonymous));
    const served = anonymous.filter((a) => a.status === 200).length;
    console.log(`\nanonymous: ${served} answered, ${anonymous.length - served} refused (429) by the budget`);
  } finally {
    await running.close();
  }
}

await main();
