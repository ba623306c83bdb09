/**
 * The public website under load, as issue 11 sets its figures: the case file page of
 * TCG/WTR/2026/003 (p99 < 50 ms, ≥ 1,000 pages/s at 20 connections), the register of
 * procurements with 10,000 of them in the database (p99 < 100 ms), and what a first visit to each
 * public page downloads, compressed (≤ 150 KB of HTML, CSS and script).
 *
 *   npm run bench:website -- [--duration 15] [--rounds 3] [--connections 20] [--extra-procurements 10000]
 *
 * Pactwatch runs in production mode (built by `npm start`) on a fresh database of the embedded
 * PostgreSQL, seeded with the demo data and `--extra-procurements` copies of the demo's
 * procurement, each under a published pact. Pages are interleaved round by round; the median round is shown.
 */
import 'reflect-metadata';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { addProcurements, check, measure, median, openDatabase, printTable, startPactwatch, type Measure, type Server } from './load-servers.js';

const DATA_DIR = join(tmpdir(), 'pactwatch-bench-website');
const DATABASE = 'pactwatch_website_bench';
const REFERENCE = 'TCG/WTR/2026/003';
/** Issue 11's ceiling for what a first visit to a public page downloads. */
const FIRST_VISIT_LIMIT_KB = 150;

/** The pages under load, by what the figure is about. */
const LOADED_PAGES: Array<{ name: string; path: string }> = [
  { name: 'case file page', path: `/procurements/${REFERENCE}` },
  { name: 'register, first page', path: '/procurements' },
  { name: 'register, text search', path: '/procurements?q=water' },
  { name: 'register, page 400', path: '/procurements?page=400' },
];

/** Every public page a visitor may land on first. */
const PUBLIC_PAGES = ['/', '/procurements', `/procurements/${REFERENCE}`, '/verify', '/verify/offline', '/report', '/track', '/statistics'];

interface Download {
  status: number;
  bytes: number;
}

/** One download as a browser asks it (compressed if the server will), counting the bytes on the wire. */
function download(url: URL): Promise<Download> {
  return new Promise((resolve, reject) => {
    const asked = request(url, { headers: { 'accept-encoding': 'br, gzip', accept: 'text/html,*/*' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, bytes: Buffer.concat(chunks).length });
      });
      response.on('error', reject);
    });
    asked.on('error', reject);
    asked.end();
  });
}

/** The page, then every stylesheet and script it links, each once per page: a first visit, nothing cached. */
async function firstVisit(base: string, path: string): Promise<{ html: number; assets: number; status: number }> {
  const page = await download(new URL(path, base));
  const text = await (await fetch(new URL(path, base))).text();
  const assets = [...text.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"/g)].map((match) => match[1].replaceAll('&amp;', '&'));
  let assetBytes = 0;
  for (const asset of new Set(assets)) assetBytes += (await download(new URL(asset, base))).bytes;
  return { html: page.bytes, assets: assetBytes, status: page.status };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '15' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '20' },
      'extra-procurements': { type: 'string', default: '10000' },
    },
  });
  const [duration, rounds, connections, extra] = [values.duration, values.rounds, values.connections, values['extra-procurements']].map(Number);
  if (![duration, rounds, connections].every((n) => Number.isInteger(n) && n > 0) || !Number.isInteger(extra) || extra < 0) {
    throw new Error('--duration, --rounds and --connections take positive integers, --extra-procurements a non-negative one');
  }
  const database = await openDatabase(DATA_DIR, DATABASE);
  const sql = new pg.Pool({ connectionString: database.url, max: 1 });
  const platform = await startPactwatch(database.url, DATA_DIR);
  // A second instance on the same database renders every page afresh: what the page cache saves, side by side.
  const uncached = await startPactwatch(database.url, DATA_DIR, { PUBLIC_PAGE_CACHE_SECONDS: '0' });
  try {
    await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    console.log(`adding ${extra} procurements under a published pact`);
    await addProcurements(sql, extra, REFERENCE);
    const base = `http://127.0.0.1:${platform.port}`;

    console.log(`\n| page (first visit, nothing cached) | HTML bytes | CSS + script bytes | total KB | within ${FIRST_VISIT_LIMIT_KB} KB |`);
    console.log('|---|---|---|---|---|');
    for (const path of PUBLIC_PAGES) {
      const visit = await firstVisit(base, path);
      if (visit.status !== 200) throw new Error(`${path} answered ${visit.status}`);
      const total = (visit.html + visit.assets) / 1024;
      console.log(`| ${path} | ${visit.html} | ${visit.assets} | ${total.toFixed(1)} | ${total <= FIRST_VISIT_LIMIT_KB ? 'yes' : 'NO'} |`);
    }

    const instances = [
      { instance: platform, caching: 'kept 2 s' },
      { instance: uncached, caching: 'rendered every time' },
    ];
    const servers: Server[] = instances.flatMap(({ instance, caching }) =>
      LOADED_PAGES.map(({ name, path }) => ({
        name: `${name}, ${caching}`,
        process: instance.child,
        request: { url: `http://127.0.0.1:${instance.port}${path}`, method: 'GET' as const, headers: { accept: 'text/html' } },
        stop: instance.stop,
      })),
    );
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
      `\n${connections} connections, ${duration} s × ${rounds} interleaved rounds, ${extra} extra procurements; load average ` +
        `${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} after (${cpus().length} cores); goals: case file ≥ 1,000/s and p99 < 50 ms, register p99 < 100 ms`,
    );
    printTable(results);
    for (const [name, rounds] of results) {
      if (name.startsWith('case file page'))
        console.log(`${name}: median ${median(rounds.map((r) => r.perSecond)).toFixed(0)} pages/s, p99 ${median(rounds.map((r) => r.p99))} ms`);
    }
  } finally {
    await sql.end();
    await Promise.all([platform.stop(), uncached.stop()]);
    await database.server.stop();
  }
}

await main();
