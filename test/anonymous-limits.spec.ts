import { createHash } from 'node:crypto';
import { REFUSAL_HOLD_MS } from '../src/rate-limits/refusal-hold.js';
import { eventually } from './support/complaints.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const STATISTICS = 'complaintStatistics { total { count } }';
const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');

/** Issue 9 §4 and §5: what an anonymous client can make the platform do, and what it learns from errors. */
describe('limits for anonymous clients', () => {
  let app: TestApp;

  beforeAll(async () => {
    // The cap on costly operations at once as in production (the test default lifts it).
    app = await startTestApp({ anonymousCostlyAtOnce: 2 });
  });
  afterAll(() => app?.close());

  describe('query cost and shape', () => {
    it('counts __typename like any field', async () => {
      // Two selections of a list of templates: 2 + the __typename fields, whatever the number of aliases.
      const templates = (a: number, b: number) => `{ a: pactTemplates { ${'__typename '.repeat(a)}} b: pactTemplates { ${'__typename '.repeat(b)}} }`;
      const refused = await app.gql(templates(500, 499));
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX', complexity: 1001, maximum: 1000 });
      expect((await app.gql(templates(499, 499))).errors).toBeUndefined();
    });

    it('refuses ten thousand aliases of __typename before running anything', async () => {
      const refused = await app.gql(`{ ${aliases(10_000, '__typename')} }`);
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      // Twenty thousand tokens: the parser stops at the token limit, before the alias limit is reached.
      expect(refused.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('refuses a few aliases of the statistics, which weigh what they cost', async () => {
      const refused = await app.gql(`{ ${aliases(10, STATISTICS)} }`);
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0].extensions).toMatchObject({ reason: 'QUERY_TOO_COMPLEX', maximum: 1000 });
      expect(refused.errors![0].extensions.complexity as number).toBeGreaterThan(1000);
      expect((await app.gql(`{ ${aliases(9, STATISTICS)} }`)).errors).toBeUndefined();
    });

    it('weighs a page by the rows it asks for', async () => {
      // Nine statistics cost 918; four pages of 200 rows add 4 × 22, four pages of 10 rows 4 × 3.
      const pages = (limit: number) => aliases(4, `publishedReports(page: { limit: ${limit} }) { totalCount }`).replace(/a(\d)/g, 'p$1');
      const refused = await app.gql(`{ ${aliases(9, STATISTICS)} ${pages(200)} }`);
      expect(refused.errors?.[0].extensions).toMatchObject({ reason: 'QUERY_TOO_COMPLEX', complexity: 1006 });
      expect((await app.gql(`{ ${aliases(9, STATISTICS)} ${pages(10)} }`)).errors).toBeUndefined();
    });

    it('limits aliases, directives and tokens', async () => {
      expect((await app.gql(`{ ${aliases(31, '__typename')} }`)).errors?.[0].message).toMatch(/Aliases limit of 30/);
      expect((await app.gql(`{ __typename ${'@include(if: true) '.repeat(21)}}`)).errors?.[0].message).toMatch(/Directives limit of 20/);
      const tokens = await app.gql(`{ __typename(${'a: 1 '.repeat(1000)}) }`);
      expect(tokens.status).toBe(400);
      expect(tokens.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(tokens.errors?.[0].message).toMatch(/3000 tokens/);
    });

    it('answers cyclic fragments with a validation error, not a crash', async () => {
      const cyclic = await app.gql('{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }');
      expect(cyclic.status).toBe(400);
      expect(cyclic.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(cyclic.errors?.[0].message).toMatch(/Cannot spread fragment "F" within itself/);
    });

    it('limits depth', async () => {
      const deep = await app.gql(`{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(8)}name${' }'.repeat(8)} } } } }`);
      expect(deep.status).toBe(400);
      expect(deep.errors?.[0].message).toMatch(/depth limit of 11/);
    });
  });

  it('runs only a few costly anonymous operations at once, so the database pool stays available', async () => {
    const costly = `{ ${aliases(9, STATISTICS)} }`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => app.gql(costly)));
    const busy = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(2);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0].errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_BUSY', retryAfterSeconds: 1 });
    expect(answers.every((answer) => answer.status === 200 || answer.status === 429)).toBe(true);
  });

  describe('budget per client', () => {
    let first: TestApp;
    let second: TestApp;
    let token: string;

    beforeAll(async () => {
      // Two instances on one database, as behind a load balancer; each statistics query costs about 100.
      first = await startTestApp({ anonymousCostPerMinute: 300 });
      second = await startTestApp({ anonymousCostPerMinute: 300 }, { sharedDatabase: first.database });
      // Signing in is an anonymous request too, so it happens before the budget is spent.
      token = await second.login('authority@pactwatch.demo');
    });
    afterAll(async () => {
      await second?.close();
      await first?.close();
    });

    it('is shared by every instance and by GraphQL and the files, and answers 429 with Retry-After', async () => {
      expect((await first.gql(`{ ${STATISTICS} }`)).errors).toBeUndefined();
      expect((await second.gql(`{ ${STATISTICS} }`)).errors).toBeUndefined();

      const refused = await first.gql(`{ ${STATISTICS} }`);
      expect(refused.status).toBe(429);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'ANONYMOUS_BUDGET_EXHAUSTED' });
      // From then on this instance turns the client away before reading its request (even a body
      // that is not JSON), holding the answer so that a client that keeps sending is slowed down.
      const sentAt = performance.now();
      const early = await fetch(`${first.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
      expect(early.status).toBe(429);
      expect(performance.now() - sentAt).toBeGreaterThanOrEqual(REFUSAL_HOLD_MS - 5);
      expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await early.json()) as { errors: Array<{ extensions: unknown }> }).errors[0].extensions).toMatchObject({
        code: 'RATE_LIMITED',
        reason: 'ANONYMOUS_BUDGET_EXHAUSTED',
      });
      const graphql = await fetch(`${second.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ ${STATISTICS} }` }),
      });
      expect(graphql.status).toBe(429);
      expect(Number(graphql.headers.get('retry-after'))).toBeGreaterThan(0);

      for (const path of ['/complaints/statistics.csv', '/complaints/statistics.pdf', '/complaints/PW-2611-4HQ7-XK/receipt.pdf']) {
        const file = await fetch(`${second.url}${path}`);
        expect({ path, status: file.status }).toEqual({ path, status: 429 });
        expect(Number(file.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(((await file.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
      }
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('not a published document')]), 'x.pdf');
      expect((await fetch(`${first.url}/verify-document`, { method: 'POST', body: form })).status).toBe(429);
    });

    it('does not count signed-in users', async () => {
      for (let i = 0; i < 5; i++) expect((await second.gql(`{ ${STATISTICS} }`, {}, token)).errors).toBeUndefined();
      expect((await fetch(`${second.url}/complaints/statistics.csv`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    });
  });

  describe('cheap reads', () => {
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      first = await startTestApp({ anonymousCostPerMinute: 300 });
      second = await startTestApp({ anonymousCostPerMinute: 300 }, { sharedDatabase: first.database });
    });
    afterAll(async () => {
      await second?.close();
      await first?.close();
    });

    it('reach the shared count in batches, so every instance refuses once they have spent the budget', async () => {
      const cheap = `{ pactTemplates { ${'__typename '.repeat(49)}} }`; // 50 units
      for (let i = 0; i < 6; i++) expect((await first.gql(cheap)).errors).toBeUndefined();
      await eventually(async () => {
        const { rows } = await first.sql.query(`SELECT points FROM rate_limits WHERE key LIKE 'anonymous-cost:%'`);
        expect(rows).toEqual([{ points: 300 }]);
      });
      expect((await first.gql(cheap)).status).toBe(429);
      // Another instance learns what the others spent with its own first batch, a tenth of a second later.
      await eventually(async () => expect((await second.gql(cheap)).status).toBe(429));
    });
  });

  describe('headers and errors', () => {
    const SECURITY_HEADERS = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    };

    it('sends security headers on GraphQL, health, PDFs and OCDS files, and HSTS only in production', async () => {
      const paths = ['/health', '/complaints/statistics.pdf', '/ocds/record-package.json'];
      const responses = [
        await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }),
        ...(await Promise.all(paths.map((path) => fetch(`${app.url}${path}`)))),
      ];
      for (const response of responses) {
        expect(response.status).toBe(200);
        expect(Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, response.headers.get(name)]))).toEqual(SECURITY_HEADERS);
        expect(response.headers.get('strict-transport-security')).toBeNull();
      }
      const production = await startTestApp({ mode: 'production' });
      try {
        const health = await fetch(`${production.url}/health`);
        expect(health.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
        expect(health.headers.get('content-security-policy')).toBe(SECURITY_HEADERS['content-security-policy']);
      } finally {
        await production.close();
      }
    });

    it('keeps Apollo Sandbox loadable in development while refusing to be framed', async () => {
      const sandbox = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(sandbox.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    });

    it('never sends database error text', async () => {
      const error = await app.fails('{ pactVersion(id: "not-a-uuid") { id } }');
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(error)).not.toMatch(/uuid|syntax|invalid input/i);
    });

    it('suggests field names in development only', async () => {
      const typo = '{ complaintStatistic { total } }';
      expect((await app.fails(typo)).message).toMatch(/Did you mean "complaintStatistics"/);
      const production = await startTestApp({ mode: 'production' });
      try {
        const error = await production.fails(typo);
        expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(error.message).not.toMatch(/complaintStatistics|Did you mean/);
      } finally {
        await production.close();
      }
    });
  });
});

describe('persisted queries', () => {
  it('answers a hash that does not match its query as a client error, without logging an error', async () => {
    const lines: string[] = [];
    const app = await startTestApp({ logLevel: 'info' }, { logDestination: { write: (line: string) => void lines.push(line) } });
    try {
      const query = '{ __typename }';
      const send = (sha256Hash: string) =>
        fetch(`${app.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
        });
      const mismatch = await send('0'.repeat(64));
      expect(mismatch.status).toBe(400);
      expect(((await mismatch.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
      expect((await send(createHash('sha256').update(query).digest('hex'))).status).toBe(200);
      const errors = lines.map((line) => JSON.parse(line) as { level: number; msg?: string }).filter((record) => record.level >= 50);
      expect(errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
