import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { REQUEST_ID_HEADER } from './request-id.js';

const routes = new WeakMap<IncomingMessage, string>();

/**
 * The route pattern (`/complaints/:trackingNumber/receipt.pdf`), never the URL: paths carry
 * tracking numbers and query strings carry webhook secrets and complaint secrets.
 */
export function routeOf(request: IncomingMessage): string {
  return routes.get(request) ?? 'unmatched';
}

/** Answers every request with its id, and notes its route pattern for the log line that closes it. */
export function exposeRequestIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (request.routeOptions.url) routes.set(request.raw, request.routeOptions.url);
    done();
  });
}
