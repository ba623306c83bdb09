import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Starts the test database server (see test-database-server.ts) and hands its address to the test files. */
export default async function globalSetup() {
  const server = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'test/support/test-database-server.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const firstLine = await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`test database server exited with ${code} before it was ready`)));
    createInterface({ input: server.stdout }).once('line', resolve);
  });
  const ready = JSON.parse(firstLine);
  process.env.PACTWATCH_TEST_SERVER_URL = ready.serverUrl;
  process.env.PACTWATCH_TEST_OWNER_URL = ready.ownerUrl;
  process.env.PACTWATCH_TEST_APP_URL = ready.appUrl;
  process.env.PACTWATCH_TEST_TEMPLATE = ready.template;
  process.env.PACTWATCH_TEST_MONITORED_TEMPLATE = ready.monitoredTemplate;
  process.env.PACTWATCH_TEST_CONTACT_KEY = ready.contactKey;
  process.env.PACTWATCH_TEST_SIGNING_KEY = ready.signingKey;
  process.stdout.write(`\n${ready.note}\n`);
  globalThis.pactwatchTestDatabaseServer = server;
}
