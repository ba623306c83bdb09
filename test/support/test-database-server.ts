import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { startApp } from '../../src/app.js';
import { newSigningKey, readOrCreateSecret } from '../../src/config/secrets.js';
import { bootstrapDatabase, withDatabase } from '../../src/database/database-server.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { testConfig } from './test-app.js';
import { CONTACT_KEY_ENV, SIGNING_KEY_ENV, testDataDir, testRoleNames } from './test-database.js';

/**
 * Run by jest's global setup as a child process, so the application's modules load in a
 * process of their own rather than in jest's. It prepares two template databases — migrated
 * as the owner role, granted to the application role and seeded with the demo data, one with the
 * small demo world and one with the monitoring demo as well — that each test file copies
 * (CREATE DATABASE … TEMPLATE, milliseconds) to get a database of its own; the roles are made
 * here once, not per file. It prints one JSON line, then keeps the embedded
 * server (when DATABASE_URL is unset) running until its stdin closes.
 */
const started = performance.now();
let serverUrl = process.env.DATABASE_URL;
let stop: () => Promise<void> = async () => undefined;
if (!serverUrl) {
  const embedded = await startEmbeddedPostgres(testDataDir(), (line) => process.stderr.write(`${line}\n`));
  serverUrl = embedded.serverUrl;
  stop = () => embedded.stop();
}
const template = `pactwatch_test_template_${process.pid}`;
const monitoredTemplate = `pactwatch_test_monitored_${process.pid}`;
const templates = [template, monitoredTemplate];
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
for (const name of templates) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
await admin.end();

const names = testRoleNames();
const password = (role: string) => readOrCreateSecret(join(testDataDir(), `${role}-password`), () => randomBytes(18).toString('base64url'));
const roles = { owner: { name: names.owner, password: await password('owner') }, app: { name: names.app, password: await password('app') } };
process.env[SIGNING_KEY_ENV] = newSigningKey();
process.env[CONTACT_KEY_ENV] = randomBytes(32).toString('base64');
// Seeding the monitoring demo takes seconds: done once here rather than in each file that reads it.
let database: Awaited<ReturnType<typeof bootstrapDatabase>> | undefined;
for (const [name, seedMonitoringDemo] of [
  [template, false],
  [monitoredTemplate, true],
] as const) {
  database = await bootstrapDatabase(serverUrl, name, roles);
  const running = await startApp(testConfig({ seedMonitoringDemo }), database);
  await running.close();
}

process.stdout.write(
  `${JSON.stringify({
    serverUrl,
    ownerUrl: withDatabase(database!.migrationUrl, 'postgres'),
    appUrl: withDatabase(database!.url, 'postgres'),
    template,
    monitoredTemplate,
    contactKey: process.env[CONTACT_KEY_ENV],
    signingKey: process.env[SIGNING_KEY_ENV],
    note: `test database template ready in ${Math.round(performance.now() - started)} ms (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'})`,
  })}\n`,
);

// stdin sends both 'end' and 'close': a second shutdown would connect while the first stops the
// server, and die on the unhandled "terminating connection" error.
let stopping: Promise<void> | undefined;
const shutdown = () =>
  (stopping ??= (async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    for (const name of templates) await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
    await stop();
    process.exit(0);
  })());
process.stdin.on('end', () => void shutdown());
process.stdin.on('close', () => void shutdown());
process.stdin.resume();
