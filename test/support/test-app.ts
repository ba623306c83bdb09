import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createDatabase, withDatabase } from '../../src/database/database-server.js';
import { roleOf } from '../../src/database/database-roles.js';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder.service.js';
import {
  APP_URL_ENV,
  CONTACT_KEY_ENV,
  MONITORED_TEMPLATE_ENV,
  OWNER_URL_ENV,
  SERVER_ENV,
  SIGNING_KEY_ENV,
  TEMPLATE_ENV,
  testDataDir,
} from './test-database.js';

export function testConfig(overrides: Partial<AppConfig> = {}) {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', PACTWATCH_DATA_DIR: testDataDir(), SEED_DEMO_DATA: 'true' });
  return {
    ...config,
    signingKey: process.env[SIGNING_KEY_ENV],
    tokenSecret: `test-${randomBytes(8).toString('hex')}`,
    contactEncryptionKey: process.env[CONTACT_KEY_ENV],
    // The test template holds the small demo world tests reason about; test/demo-data.spec.ts checks the full one.
    seedMonitoringDemo: false,
    // Notifications are delivered within a second, so tests wait on them briefly (pg-boss's shortest poll).
    notificationPollSeconds: 0.5,
    // Tests move the clock and sweep deadlines themselves.
    deadlineSweepSeconds: 0,
    // Checkpoints are made at publications only: the tests decide when the log grows.
    checkpoints: { ...config.checkpoints, intervalSeconds: 0 },
    // Every request of a test file comes from 127.0.0.1; test/anonymous-limits.spec.ts sets a real budget.
    anonymousCostPerMinute: 100_000_000,
    // Test files ask for several statistics at once; test/anonymous-limits.spec.ts checks the cap.
    anonymousCostlyAtOnce: 1000,
    ...overrides,
  };
}

export interface GraphqlError {
  message: string;
  path?: string[];
  extensions: { code: string; reason?: string; [key: string]: unknown };
}

export interface GraphqlResponse<T = any> {
  status: number;
  data: T;
  errors?: GraphqlError[];
}

export interface TestApp {
  url: string;
  running: RunningApp;
  /** Direct SQL on this file's database, as the superuser, for checks a client cannot make. */
  sql: pg.Pool;
  /** This file's database as the application role (what the platform logs in as) and as the owner (what migrates). */
  appUrl: string;
  ownerUrl: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>>;
  /** Like gql, but fails the test on any error and returns the data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** Like gql, but expects exactly one error and returns it. */
  fails(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlError>;
  login(email: string, password?: string): Promise<string>;
  /** The database this app runs on; pass it as `sharedDatabase` to run a second instance on it. */
  database: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A database of its own that the app migrates and seeds as a first start would. */
  emptyDatabase?: boolean;
  /** A copy of the template with the monitoring demo as well (TCG/WTR/2026/003 and its record). */
  monitoringDemo?: boolean;
  /** Another instance's database (see `TestApp.database`). */
  sharedDatabase?: string;
  logDestination?: DestinationStream;
}

/** Boots the real application on a fresh copy of a seeded template database, unless the options say otherwise. */
export async function startTestApp(
  overrides: Partial<AppConfig> = {},
  { emptyDatabase = false, monitoringDemo = false, sharedDatabase, logDestination }: TestAppOptions = {},
): Promise<TestApp> {
  const serverUrl = process.env[SERVER_ENV]!;
  // Random, not counted: jest loads this module afresh for each file, and a file that failed to drop its database must not block the next.
  const database = sharedDatabase ?? `pactwatch_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const appUrl = withDatabase(process.env[APP_URL_ENV]!, database);
  const ownerUrl = withDatabase(process.env[OWNER_URL_ENV]!, database);
  if (!sharedDatabase) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const template = emptyDatabase ? undefined : process.env[monitoringDemo ? MONITORED_TEMPLATE_ENV : TEMPLATE_ENV];
    await createDatabase(admin, database, roleOf(ownerUrl), template);
    await admin.end();
  }
  const running = await startApp(testConfig(overrides), { url: appUrl, migrationUrl: ownerUrl }, { logDestination });
  const sql = new pg.Pool({ connectionString: withDatabase(serverUrl, database), max: 2 });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphqlResponse<T>> => {
    const response = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: GraphqlError[] };
    return { status: response.status, data: body.data, errors: body.errors };
  };
  const ok = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> => {
    const result = await gql<T>(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    return result.data;
  };
  const fails = async (query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlError> => {
    const result = await gql(query, variables, token);
    if (result.errors?.length !== 1) throw new Error(`expected exactly one error, got ${JSON.stringify(result)}`);
    return result.errors[0];
  };
  const login = async (email: string, password = DEMO_PASSWORD): Promise<string> => {
    const data = await ok<{ login: { token: string } }>('mutation ($input: LoginInput!) { login(input: $input) { token } }', { input: { email, password } });
    return data.login.token;
  };
  return {
    url: running.url,
    running,
    sql,
    appUrl,
    ownerUrl,
    gql,
    ok,
    fails,
    login,
    database,
    async close() {
      await sql.end();
      await running.close();
      // The instance that made the database drops it.
      if (sharedDatabase) return;
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
