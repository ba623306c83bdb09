/**
 * The clients of bench/anonymous-load.ts, run in a process of their own so that sending load does
 * not slow the server's event loop and the probes do not time their own client's queueing.
 * Receives a ClientOrder over IPC, answers with every Answer it got.
 */
import { Agent, request } from 'node:http';

export interface Answer {
  status: number;
  ms: number;
}

export type ClientOrder =
  | { kind: 'probe'; url: string; seconds: number; token: string; authorityQuery: string }
  | { kind: 'attack'; url: string; seconds: number; clients: number; query: string };

const PROBE_INTERVAL_MS = 20;

function send(url: URL, agent: Agent, body?: string, token?: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
    if (token) headers.authorization = `Bearer ${token}`;
    const call = request(url, { method: body ? 'POST' : 'GET', agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
    });
    call.on('error', reject);
    call.end(body);
  });
}

/** Calls `once` back to back (with a short pause for probes) until `until`, keeping every answer. */
async function loop(until: number, once: () => Promise<Answer>, pauseMs = 0): Promise<Answer[]> {
  const answers: Answer[] = [];
  while (performance.now() < until) {
    answers.push(await once());
    if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return answers;
}

/** Probes: `/health` and the signed-in query, each its own sequence. Attack: `clients` loopback addresses (127.0.0.11, .12, …), each a budget of its own, ignoring Retry-After. */
async function run(order: ClientOrder): Promise<Answer[][]> {
  const until = performance.now() + order.seconds * 1000;
  const base = new URL(order.url);
  if (order.kind === 'probe') {
    const agent = new Agent({ keepAlive: true });
    const authorityBody = JSON.stringify({ query: order.authorityQuery });
    return Promise.all([
      loop(until, () => send(new URL('/health', base), agent), PROBE_INTERVAL_MS),
      loop(until, () => send(new URL('/graphql', base), agent, authorityBody, order.token), PROBE_INTERVAL_MS),
    ]);
  }
  const body = JSON.stringify({ query: order.query });
  const attacks = await Promise.all(
    Array.from({ length: order.clients }, (_, i) => {
      const agent = new Agent({ keepAlive: true, localAddress: `127.0.0.${11 + i}` });
      return loop(until, () => send(new URL('/graphql', base), agent, body));
    }),
  );
  return [attacks.flat()];
}

process.once('message', (order: ClientOrder) => {
  void run(order).then((answers) => process.send!(answers, () => process.exit(0)));
});
