/**
 * Sends malformed requests (bad JSON, wrong types, NUL characters, huge strings, deep nesting,
 * bad UTF-8, wrong content types, cyclic fragments, bad variables, bad ids, odd methods) to every
 * route of the OpenAPI document and to GraphQL, and prints how many got each status. A 5xx or a
 * dropped connection is a defect: each is listed with the request that caused it.
 *
 *   npm run bench:fuzz -- [--requests 10000] [--seed 1] [--concurrency 8]
 *
 * The platform runs in this process on an embedded PostgreSQL in PACTWATCH_DATA_DIR (default
 * `.pactwatch/fuzz`), with demo data and webhook secrets set, so that some malformed bodies get
 * past the webhooks' authenticity check. test/fuzz.spec.ts sends a smaller sample of the same.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config/app-config.js';
import { malformedRequests, publicRoutes, sendAll } from '../test/support/fuzz-requests.js';

const WEBHOOK_SECRET = 'fuzz-webhook-secret';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, concurrency: { type: 'string', default: '8' } },
  });
  const [count, seed, concurrency] = [Number(values.requests), Number(values.seed), Number(values.concurrency)];
  for (const [name, value] of Object.entries({ requests: count, seed, concurrency })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  }
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'fatal',
    PACTWATCH_DATA_DIR: process.env.PACTWATCH_DATA_DIR ?? '.pactwatch/fuzz',
    SEED_DEMO_DATA: 'true',
    AFRICASTALKING_WEBHOOK_SECRET: WEBHOOK_SECRET,
    EMAIL_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TWILIO_AUTH_TOKEN: WEBHOOK_SECRET,
  });
  const running = await startApp(config);
  try {
    const routes = await publicRoutes(running.url);
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; ${routes.length} routes and /graphql; seed ${seed}`,
    );
    const started = performance.now();
    const outcome = await sendAll(running.url, malformedRequests(seed, count, { routes, webhookSecret: WEBHOOK_SECRET }), concurrency);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${count} requests in ${seconds.toFixed(1)} s`);
    for (const [status, n] of Object.entries(outcome.byStatus).sort()) console.log(`  ${status}: ${n}`);
    const serverErrors = outcome.failures.filter((f) => f.status !== 'no answer').length;
    console.log(
      `5xx: ${serverErrors}; no answer: ${outcome.failures.length - serverErrors}; dropped under load, answered when sent again: ${outcome.replayed}`,
    );
    for (const { request, status, answer } of outcome.failures) {
      console.log(`  ${status} ${request.kind}: ${request.method} ${request.path.slice(0, 160)} → ${answer.slice(0, 160)}`);
    }
    process.exitCode = outcome.failures.length ? 1 : 0;
  } finally {
    await running.close();
  }
}

await main();
