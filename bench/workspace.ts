/**
 * The staff workspace under load, as issue 12 sets its figures: the referral partner's complaint
 * queue (/workspace/complaints) with 100,000 complaints in the database, p99 < 100 ms at 10
 * connections, and the contracting authority's home page (/workspace), p99 < 50 ms; each asked by
 * the demo account signed in with a session cookie as a browser is.
 *
 *   npm run bench:workspace -- [--duration 15] [--rounds 3] [--connections 10] [--complaints 100000]
 *
 * Pactwatch runs in production mode (built by `npm start`) on a fresh database of the embedded
 * PostgreSQL, seeded with the demo data and `--complaints` complaints (bench/seed-complaints.ts),
 * of which the first referral partner, the demo partner's, handles the largest share. Pages are
 * interleaved round by round; the median round is shown. Besides the first page: a filtered
 * view, and a page deep in the queue (offsets cost what they skip).
 */
import 'reflect-metadata';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/seed/demo-seeder.service.js';
import { check, measure, median, openDatabase, printTable, startPactwatch, type Measure, type Server } from './load-servers.js';
import { seedComplaints } from './seed-complaints.js';

const DATA_DIR = join(tmpdir(), 'pactwatch-bench-partner-queue');
const DATABASE = 'pactwatch_partner_queue_bench';
type Account = keyof Pick<typeof DEMO_ACCOUNTS, 'partner' | 'authority'>;

/** Each page with the account that asks it and issue 12's ceiling for its p99 at 10 connections. */
const LOADED_PAGES: Array<{ name: string; path: string; account: Account; goalMs: number }> = [
  { name: 'queue, first page', path: '/workspace/complaints', account: 'partner', goalMs: 100 },
  { name: 'queue, in progress in health', path: '/workspace/complaints?status=IN_PROGRESS&sector=HEALTH', account: 'partner', goalMs: 100 },
  { name: 'queue, page 40', path: '/workspace/complaints?page=40', account: 'partner', goalMs: 100 },
  { name: "authority's home", path: '/workspace', account: 'authority', goalMs: 50 },
];

/** The name=value pairs of a response's cookies, as a browser would send them back. */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
}

/** Signs in through /login as the browser does (the form's CSRF token and its cookie), and returns the cookies to send. */
async function signIn(base: string, email: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const jar = cookiesOf(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('the sign-in page has no CSRF token');
  const signedIn = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ _csrf: token, email, password: DEMO_PASSWORD, next: '/workspace' }).toString(),
  });
  const session = cookiesOf(signedIn).find((cookie) => cookie.includes('pactwatch-session='));
  if (signedIn.status !== 303 || !session) throw new Error(`signing in as ${email} answered ${signedIn.status}`);
  return session;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '15' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      complaints: { type: 'string', default: '100000' },
    },
  });
  const [duration, rounds, connections, complaints] = [values.duration, values.rounds, values.connections, values.complaints].map(Number);
  if (![duration, rounds, connections, complaints].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('--duration, --rounds, --connections and --complaints take positive integers');
  }
  const database = await openDatabase(DATA_DIR, DATABASE);
  const sql = new pg.Pool({ connectionString: database.url, max: 1 });
  const platform = await startPactwatch(database.url, DATA_DIR);
  // As the owner, as bench/seed-complaints.ts loads: rows in bulk, triggers skipped where it may.
  const loader = new DataSource(dataSourceOptions(database.url, []));
  try {
    await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await loader.initialize();
    console.log(`seeding ${complaints} complaints`);
    const seeded = await seedComplaints(loader, { count: complaints });
    console.log(`seeded in ${seeded.seconds.toFixed(1)} s`);
    const { rows } = await sql.query<{ total: number; partner: number; overdue: number }>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE o.name = 'Turkana Community Health Partners')::int AS partner,
              count(*) FILTER (WHERE o.name = 'Turkana Community Health Partners' AND c.status = 'REFERRED' AND c.acknowledge_due_at < now())::int AS overdue
         FROM complaints c LEFT JOIN organisations o ON o.id = c.handling_organisation_id`,
    );
    console.log(`${rows[0].total} complaints in the database, ${rows[0].partner} in the demo partner's queue (${rows[0].overdue} overdue to acknowledge)`);

    const base = `http://127.0.0.1:${platform.port}`;
    const cookies = { partner: await signIn(base, DEMO_ACCOUNTS.partner), authority: await signIn(base, DEMO_ACCOUNTS.authority) };
    const servers: Server[] = LOADED_PAGES.map(({ name, path, account }) => ({
      name,
      process: platform.child,
      request: { url: `${base}${path}`, method: 'GET' as const, headers: { accept: 'text/html', cookie: cookies[account] } },
      stop: platform.stop,
    }));
    for (const server of servers) console.log(`${server.name}: ${await check(server)} characters per page`);
    const results = new Map<string, Measure[]>(servers.map((server) => [server.name, []]));
    const loadBefore = loadavg();
    for (let round = 1; round <= rounds; round++) {
      for (const server of servers) {
        const result = await measure(server, sql, connections, duration, DATA_DIR);
        results.get(server.name)!.push(result);
        console.log(
          `round ${round} ${server.name}: ${result.perSecond.toFixed(0)}/s, p99 ${result.p99} ms, ${result.statements.toFixed(2)} statements/request`,
        );
      }
    }
    console.log(
      `\n${connections} connections, ${duration} s × ${rounds} interleaved rounds, ${complaints} complaints seeded; load average ` +
        `${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} after (${cpus().length} cores)`,
    );
    printTable(results);
    for (const { name, goalMs } of LOADED_PAGES) {
      const p99 = median(results.get(name)!.map((r) => r.p99));
      console.log(`${name}: median p99 ${p99} ms (${p99 < goalMs ? 'within' : 'ABOVE'} the ${goalMs} ms goal)`);
    }
  } finally {
    if (loader.isInitialized) await loader.destroy();
    await sql.end();
    await platform.stop();
    await database.server.stop();
  }
}

await main();
