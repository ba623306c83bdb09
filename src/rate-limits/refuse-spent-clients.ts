import type { FastifyInstance } from 'fastify';
import { setTimeout as wait } from 'node:timers/promises';
import type { AnonymousBudgetService } from './anonymous-budget.service.js';

/**
 * How long the refusal of a client that keeps sending after its 429 is held before it goes out.
 * A client sending one request after another then gets one answer a second per connection rather
 * than as many as the server can write, and the CPU it took goes back to everyone else; a client
 * that respects Retry-After never waits on it.
 */
export const REFUSAL_HOLD_MS = 1000;
/** Refusals held at once, each a socket and a timer; beyond, they go out at once. */
const MOST_HELD = 5000;

/**
 * Turns away an anonymous GraphQL request whose client this instance already knows has spent its
 * budget, as soon as it arrives: before its body is parsed, its query validated and weighed, and
 * the viewer looked up, and answered only after REFUSAL_HOLD_MS. A refused client that keeps
 * sending (an attacker ignores Retry-After) then costs little more than the connection, and
 * /health and signed-in users keep the event loop. The answer is the one the GraphQL refusal
 * gives. A request with an Authorization header goes on, as signed-in users are not charged; a
 * bad token is refused on the normal path.
 */
export function refuseSpentClients(fastify: FastifyInstance, budget: AnonymousBudgetService): void {
  let held = 0;
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || request.headers.authorization || request.url.split('?', 1)[0] !== '/graphql') return;
    const refusal = budget.knownRefusal(request.ip);
    if (!refusal) return;
    if (held < MOST_HELD) {
      held++;
      try {
        await wait(REFUSAL_HOLD_MS);
      } finally {
        held--;
      }
    }
    return reply
      .code(refusal.httpStatus)
      .header('retry-after', String(refusal.details.retryAfterSeconds))
      .send({ errors: [{ message: refusal.message, extensions: { ...refusal.details, code: refusal.code, reason: refusal.reason } }] });
  });
}
