import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the test cluster lives when DATABASE_URL is unset: under the system temp folder, which the postgres user can always reach. */
export function testDataDir(): string {
  return process.env.PACTWATCH_TEST_DATA_DIR ?? join(tmpdir(), `pactwatch-test-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}`);
}

export const TEMPLATE_ENV = 'PACTWATCH_TEST_TEMPLATE';
export const SERVER_ENV = 'PACTWATCH_TEST_SERVER_URL';
export const SIGNING_KEY_ENV = 'PACTWATCH_TEST_SIGNING_KEY';
