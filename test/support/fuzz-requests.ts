import { Agent, request as httpRequest } from 'node:http';

/** One malformed request, described so a 5xx can be reported and replayed. */
export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzOptions {
  /** Route templates as in the OpenAPI document (`/pacts/versions/{id}/pdf`), with their methods. */
  routes: Array<{ method: string; path: string }>;
  /** Shared secret sent to webhooks on some requests, so malformed bodies also get past the authenticity check. */
  webhookSecret?: string;
}

export interface FuzzOutcome {
  byStatus: Record<string, number>;
  /** Connections dropped under load that were answered when the same request was sent again alone. */
  replayed: number;
  /** Every request answered 5xx or not answered at all, with what came back. */
  failures: Array<{ request: FuzzRequest; status: number | 'no answer'; answer: string }>;
}

/** A small, seedable generator (mulberry32), so a failing sample can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const BAD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000g',
  '%00',
  'abc%00def',
  '..%2F..%2Fetc%2Fpasswd',
  "1'%20OR%20'1'='1",
  '%FF%FE',
  '%C0%AF',
  'x'.repeat(5000),
  '-1',
  '1e309',
  '%E2%80%AE',
  '',
  '00000000-0000-4000-8000-000000000000',
];

const ODD_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'SEARCH', 'LOCK'];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/graphql',
  'application/octet-stream',
  '',
  'application/json, text/html',
  'æ/ø',
];

const GRAPHQL_OPERATIONS = [
  'query ($n: String!) { trackComplaint(trackingNumber: $n) { status } }',
  'mutation ($input: LoginInput!) { login(input: $input) { token } }',
  'mutation ($input: LodgeComplaintInput!) { lodgeComplaint(input: $input) { trackingNumber } }',
  '{ me { id email } }',
  '{ pactTemplates { key } }',
  'query ($id: ID!) { procurement(id: $id) { id } }',
  'query ($id: ID!) { pactVersion(id: $id) { id } }',
  '{ complaintStatistics { total } }',
  'mutation { logout }',
];

/** Strings no field expects. */
function oddString(random: Random): string {
  switch (Math.floor(random() * 8)) {
    case 0:
      return `a\u0000b`;
    case 1:
      return 'x'.repeat(Math.floor(random() * 200_000));
    case 2:
      return '\ud800\udfff\ud800';
    case 3:
      return '🙂'.repeat(1000);
    case 4:
      return "'; DROP TABLE complaints; --";
    case 5:
      return '\u202e\u0007\u001b[31m';
    case 6:
      return '00000000-0000-0000-0000-00000000000g';
    default:
      return '';
  }
}

/** A value of any JSON type, sometimes nested. */
function oddValue(random: Random, depth = 0): unknown {
  switch (Math.floor(random() * (depth > 2 ? 6 : 8))) {
    case 0:
      return null;
    case 1:
      return random() < 0.5 ? -1 : 1e308;
    case 2:
      return random() < 0.5;
    case 3:
    case 4:
      return oddString(random);
    case 5:
      return 12.5;
    case 6:
      return [oddValue(random, depth + 1), oddValue(random, depth + 1)];
    default:
      return { id: oddValue(random, depth + 1), text: oddValue(random, depth + 1), __proto__x: 1, constructor: 'x' };
  }
}

const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

function fillRoute(random: Random, path: string): string {
  return path.replace(/\{[^}]+\}/g, () => pick(random, BAD_IDS));
}

function randomBody(random: Random, fields: string[]): { contentType: string; body: Buffer } {
  switch (Math.floor(random() * 9)) {
    case 0:
      return {
        contentType: 'application/json',
        body: Buffer.from(pick(random, ['{"a":', '[', 'nul', '{"a":1,}', '"\\ud800"', '{"a":"\\u0000"}', '1e99999', '{}{}'])),
      };
    case 1:
      return { contentType: 'application/json', body: Buffer.from(JSON.stringify(Object.fromEntries(fields.map((f) => [f, oddValue(random)])))) };
    case 2:
      return { contentType: 'application/json', body: Buffer.from(random() < 0.5 ? deepJson(20_000) : deepObject(5_000)) };
    case 3:
      return { contentType: pick(random, CONTENT_TYPES), body: Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x7b, 0x22, 0x00]) };
    case 4:
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(fields.map((f) => `${f}=${pick(random, ['%00', '%FF%FE', 'a%00b', '', '%', '%zz', 'x'.repeat(30_000)])}`).join('&')),
      };
    case 5:
      return { contentType: 'application/json', body: Buffer.alloc(1_100_000, 0x61) };
    case 6:
      return { contentType: pick(random, CONTENT_TYPES), body: Buffer.from(JSON.stringify({ text: 'hello', from: '+254711222333', id: 'x' })) };
    case 7:
      return {
        contentType: 'multipart/form-data; boundary=zzz',
        body: Buffer.from('--zzz\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.pdf"\r\n\r\n%PDF\r\n--zz'),
      };
    default:
      return { contentType: 'application/json', body: Buffer.from(JSON.stringify(oddValue(random))) };
  }
}

const WEBHOOK_FIELDS = ['from', 'to', 'text', 'id', 'MessageSid', 'From', 'Body', 'subject', 'messageId', 'date'];

function restRequest(random: Random, options: FuzzOptions): FuzzRequest {
  const route = pick(random, options.routes);
  const odd = random() < 0.15;
  const method = odd ? pick(random, ODD_METHODS) : route.method.toUpperCase();
  let path = fillRoute(random, route.path);
  if (random() < 0.3) path += `?${pick(random, ['secret=%00', 'from=x&from=y', 'period=%FF', 'a[b][c][d]=1', 'x=' + 'y'.repeat(8000), '%'])}`;
  const headers: Record<string, string> = {};
  if (path.startsWith('/webhooks') && options.webhookSecret && random() < 0.6) headers['x-webhook-secret'] = options.webhookSecret;
  if (random() < 0.2) headers.authorization = pick(random, ['Bearer x', 'Bearer ', 'Basic Zm9v', 'Bearer a.b.c', `Bearer ${'x'.repeat(4000)}`]);
  if (method === 'GET' || method === 'HEAD' || random() < 0.1) return { kind: odd ? 'odd method' : 'bad path parameter', method, path, headers };
  const { contentType, body } = randomBody(random, WEBHOOK_FIELDS);
  if (contentType) headers['content-type'] = contentType;
  return { kind: `bad body (${contentType || 'no content type'})`, method, path, headers, body };
}

function graphqlPayload(random: Random): { kind: string; payload: string } {
  const operation = pick(random, GRAPHQL_OPERATIONS);
  switch (Math.floor(random() * 10)) {
    case 0:
      return { kind: 'cyclic fragments', payload: JSON.stringify({ query: '{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }' }) };
    case 1:
      return { kind: 'deep selection', payload: JSON.stringify({ query: `{ ${'me { '.repeat(2000)}id${' }'.repeat(2000)} }` }) };
    case 2:
      return { kind: 'bad variables', payload: JSON.stringify({ query: operation, variables: pick(random, ['x', 1, [], null]) }) };
    case 3:
      return {
        kind: 'wrong-typed variables',
        payload: JSON.stringify({ query: operation, variables: { n: oddValue(random), id: oddValue(random), input: oddValue(random) } }),
      };
    case 4:
      return { kind: 'NUL in a literal', payload: JSON.stringify({ query: 'query { trackComplaint(trackingNumber: "PW\\u0000") { status } }' }) };
    case 5:
      return {
        kind: 'wrong types',
        payload: JSON.stringify(pick(random, [{ query: 12 }, { query: ['{ me { id } }'] }, { query: null }, { operationName: {} }, [1, 2]])),
      };
    case 6:
      return {
        kind: 'bad query text',
        payload: JSON.stringify({
          query: pick(random, ['{', '{ me { id }', '\u0000', 'query ($a: ) { me }', '{ __schema { types { name } } }', '{ a'.repeat(3000)]),
        }),
      };
    case 7:
      return {
        kind: 'bad uuid variable',
        payload: JSON.stringify({ query: operation, variables: { id: pick(random, BAD_IDS), input: { id: pick(random, BAD_IDS) } } }),
      };
    case 8:
      return { kind: 'deep input', payload: JSON.stringify({ query: operation, variables: { input: JSON.parse(deepObject(2_000)) } }) };
    default:
      return {
        kind: 'huge string variable',
        payload: JSON.stringify({ query: operation, variables: { n: oddString(random), input: { email: oddString(random), password: oddString(random) } } }),
      };
  }
}

function graphqlRequest(random: Random): FuzzRequest {
  const { kind, payload } = graphqlPayload(random);
  const roll = random();
  if (roll < 0.1) {
    return {
      kind: `${kind} by GET`,
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent(payload).slice(0, 6000)}`,
      headers: { 'apollo-require-preflight': 'x' },
    };
  }
  if (roll < 0.2)
    return {
      kind: `${kind} as ${pick(random, CONTENT_TYPES)}`,
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': pick(random, CONTENT_TYPES) },
      body: Buffer.from(payload),
    };
  if (roll < 0.25)
    return {
      kind: 'bad UTF-8 in GraphQL',
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"query":"{ me { id } }","variables":{"n":"'), Buffer.from([0xff, 0xc0, 0x80]), Buffer.from('"}}')]),
    };
  return {
    kind,
    method: pick(random, ['POST', 'POST', 'POST', 'PUT', 'DELETE']),
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(payload),
  };
}

/** `count` malformed requests, about half to GraphQL, the rest spread over the REST routes and a few unknown paths. */
export function malformedRequests(seed: number, count: number, options: FuzzOptions): FuzzRequest[] {
  const random = seededRandom(seed);
  const routes = [...options.routes, { method: 'get', path: '/no/such/{id}' }, { method: 'post', path: '/{id}' }];
  return Array.from({ length: count }, () => (random() < 0.5 ? graphqlRequest(random) : restRequest(random, { ...options, routes })));
}

/** The routes of the platform's own OpenAPI document. */
export async function publicRoutes(baseUrl: string): Promise<Array<{ method: string; path: string }>> {
  const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path })));
}

/** Sends every request (`concurrency` at a time) and counts the answers by status. */
export async function sendAll(baseUrl: string, requests: FuzzRequest[], concurrency = 8): Promise<FuzzOutcome> {
  // A connection per request: the server rightly closes one after some refusals (413, unreadable
  // requests), and a reused socket would then report a hang-up that is not the server's fault.
  const agent = new Agent({ keepAlive: false, maxSockets: concurrency });
  const outcome: FuzzOutcome = { byStatus: {}, replayed: 0, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++];
      const { status, answer } = await send(baseUrl, request, agent);
      outcome.byStatus[status] = (outcome.byStatus[status] ?? 0) + 1;
      if (isFailure(request, status)) outcome.failures.push({ request, status, answer });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await replayDropped(baseUrl, outcome, agent);
  agent.destroy();
  return outcome;
}

/**
 * On this shared, loaded machine a few connections drop while the batch runs and the same
 * request is answered when sent again on its own: those are counted by their answer (and in
 * `replayed`); a request that is dropped again, or answered 5xx, stays a failure.
 */
async function replayDropped(baseUrl: string, outcome: FuzzOutcome, agent: Agent): Promise<void> {
  const dropped = outcome.failures.filter((failure) => failure.status === 'no answer');
  outcome.failures = outcome.failures.filter((failure) => failure.status !== 'no answer');
  for (const { request } of dropped) {
    const { status, answer } = await send(baseUrl, request, agent);
    outcome.byStatus['no answer']--;
    if (!outcome.byStatus['no answer']) delete outcome.byStatus['no answer'];
    outcome.byStatus[status] = (outcome.byStatus[status] ?? 0) + 1;
    if (status !== 'no answer') outcome.replayed++;
    if (isFailure(request, status)) outcome.failures.push({ request, status, answer });
  }
}

/** A 5xx or no answer; except that readiness answering 503 while its database check times out under the load is its job. */
function isFailure(request: FuzzRequest, status: number | 'no answer'): boolean {
  if (status === 503 && request.path.startsWith('/health')) return false;
  return status === 'no answer' || status >= 500;
}

function send(baseUrl: string, fuzz: FuzzRequest, agent: Agent): Promise<{ status: number | 'no answer'; answer: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method: fuzz.method, path: fuzz.path, headers: fuzz.headers, agent, timeout: 20_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, answer: Buffer.concat(chunks).toString('utf8').slice(0, 500) }));
        response.on('error', (error) => resolve({ status: 'no answer', answer: String(error) }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    // The server may answer (413, 400) and close before reading all of the body: the answer counts.
    request.on('error', (error) => setTimeout(() => resolve({ status: 'no answer', answer: String(error) }), 200));
    request.end(fuzz.body);
  });
}
