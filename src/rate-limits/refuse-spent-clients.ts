import type { FastifyInstance } from 'fastify';
import type { AnonymousBudgetService } from './anonymous-budget.service.js';
import { holdRefusal } from './refusal-hold.js';

/**
 * Turns away an anonymous GraphQL request whose client this instance already knows has spent its
 * budget, as soon as it arrives: before its body is parsed, its query validated and weighed, and
 * the viewer looked up, and answered only after a hold (see refusal-hold.ts). A refused client that keeps
 * sending (an attacker ignores Retry-After) then costs little more than the connection, and
 * /health and signed-in users keep the event loop. The answer is the one the GraphQL refusal
 * gives. A request with an Authorization header goes on, as signed-in users are not charged; a
 * bad token is refused on the normal path.
 */
export function refuseSpentClients(fastify: FastifyInstance, budget: AnonymousBudgetService): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || request.headers.authorization || request.url.split('?', 1)[0] !== '/graphql') return;
    const refusal = budget.knownRefusal(request.ip);
    if (!refusal) return;
    await holdRefusal();
    return reply
      .code(refusal.httpStatus)
      .header('retry-after', String(refusal.details.retryAfterSeconds))
      .send({ errors: [{ message: refusal.message, extensions: { ...refusal.details, code: refusal.code, reason: refusal.reason } }] });
  });
}
