import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the test cluster lives when DATABASE_URL is unset: under the system temp folder, which the postgres user can always reach. */
export function testDataDir(): string {
  return process.env.PACTWATCH_TEST_DATA_DIR ?? join(tmpdir(), `pactwatch-test-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}`);
}

export const TEMPLATE_ENV = 'PACTWATCH_TEST_TEMPLATE';
/** The template with the monitoring demo as well (the monitored procurement, its findings, complaints and report). */
export const MONITORED_TEMPLATE_ENV = 'PACTWATCH_TEST_MONITORED_TEMPLATE';
export const SERVER_ENV = 'PACTWATCH_TEST_SERVER_URL';
export const SIGNING_KEY_ENV = 'PACTWATCH_TEST_SIGNING_KEY';
/** One contact encryption key for the suite: the templates' complainants must read back in every file's app. */
export const CONTACT_KEY_ENV = 'PACTWATCH_TEST_CONTACT_KEY';

/** The owner's and the application role's connection strings to the test server (any database; see `asOwner`, `asApplication`). */
export const OWNER_URL_ENV = 'PACTWATCH_TEST_OWNER_URL';
export const APP_URL_ENV = 'PACTWATCH_TEST_APP_URL';

/**
 * The test suite's two roles, named after its data folder so that two checkouts sharing one
 * DATABASE_URL server do not change each other's passwords.
 */
export function testRoleNames(): { owner: string; app: string } {
  const suffix = createHash('sha256').update(testDataDir()).digest('hex').slice(0, 8);
  return { owner: `pactwatch_test_owner_${suffix}`, app: `pactwatch_test_app_${suffix}` };
}
