import { spawn } from 'node:child_process';
import pg from 'pg';
import { tracingRequested } from '../src/tracing/tracing.js';
import { withDatabase } from '../src/database/database-server.js';
import { SERVER_ENV, TEMPLATE_ENV, testDataDir } from './support/test-database.js';

describe('tracing', () => {
  it('is off unless the OTEL_* variables ask for it', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
  });

  it('with OTEL_TRACES_EXPORTER=console, the server prints spans for a request and its SQL', async () => {
    const database = `pactwatch_tracing_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env[SERVER_ENV] });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${process.env[TEMPLATE_ENV]}`);
    const server = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: withDatabase(process.env[SERVER_ENV]!, database),
        PACTWATCH_DATA_DIR: testDataDir(),
        SEED_DEMO_DATA: 'false',
        DEADLINE_SWEEP_SECONDS: '0',
        OTEL_TRACES_EXPORTER: 'console',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk));
    server.stderr.on('data', (chunk) => (output += chunk));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        // The server compiles src/ as it loads (swc): on a busy 2-core machine beside the other test files that took over 25 s.
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 75_000);
        const poll = setInterval(() => {
          const match = /GraphQL at (http:\/\/[^\s"]+)\/graphql/.exec(output);
          if (match) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(match[1]);
          }
        }, 100);
      });
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query Templates { pactTemplates { __typename } }' }),
      });
      expect(response.status).toBe(200);
      await fetch(`${url}/health/ready`);
      // The console exporter prints each finished span as an object with its name and attributes.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(output).toMatch(/name: 'POST'|name: 'POST \/graphql'/);
      expect(output).toMatch(/'db\.system(\.name)?': 'postgresql'/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  }, 100_000);
});
