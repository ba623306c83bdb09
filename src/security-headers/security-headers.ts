import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What a JSON answer, a PDF or a CSV may load and who may frame it: nothing and nobody. */
const NON_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'";
/** The only HTML is Apollo Sandbox in development, which loads its scripts from Apollo's CDN: framing is still refused. */
const HTML_POLICY = "frame-ancestors 'none'";

/**
 * Security headers on every answer, routes, errors and 404s alike (helmet's defaults: nosniff,
 * X-Frame-Options, no cross-origin opener, …), with HSTS only in production: a development
 * server on plain HTTP must not teach a browser to insist on HTTPS for localhost. The
 * Content-Security-Policy depends on what is sent, so it is set once the type is known.
 */
export async function addSecurityHeaders(app: NestFastifyApplication, production: boolean): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    // The same refusal as frame-ancestors, for browsers that read only the older header.
    frameguard: { action: 'deny' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (_request, reply, payload) => {
      const type = String(reply.getHeader('content-type') ?? '');
      reply.header('content-security-policy', type.startsWith('text/html') ? HTML_POLICY : NON_HTML_POLICY);
      return payload;
    });
}
