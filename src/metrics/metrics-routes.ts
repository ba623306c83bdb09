import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import type { MetricsService } from './metrics.service.js';

/** Times every HTTP request by its route pattern, so paths holding ids or tracking numbers share one series. */
export function observeHttpRequests(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * `/metrics` in Prometheus's text format. Open in development and tests; in production only
 * with METRICS_TOKEN, as `Authorization: Bearer <token>` (Prometheus's `authorization`
 * scrape setting), and absent (404) without it: request rates and queue figures are not for
 * the public, and a platform that forgot to configure the token should not publish them.
 * Served by Fastify directly, outside the application's guard, which would read the bearer
 * token as a login.
 */
export function serveMetrics(fastify: FastifyInstance, metrics: MetricsService, config: Pick<AppConfig, 'mode' | 'metricsToken'>): void {
  const token = config.metricsToken;
  if (config.mode === 'production' && !token) return;
  fastify.get('/metrics', async (request, reply) => {
    if (token) {
      const header = request.headers.authorization;
      const given = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '') : '';
      if (!sameSecret(given, token)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: { code: 'UNAUTHENTICATED', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' } });
      }
    }
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
