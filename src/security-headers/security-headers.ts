import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What a JSON answer, a PDF or a CSV may load and who may frame it: nothing and nobody. */
const NON_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'";
/**
 * The website's pages: everything from this server only, no inline script or style (an
 * injected `<script>` or `style=` does nothing), forms post only here, and no framing.
 */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
/** Apollo Sandbox on the GraphQL path (development only) loads its scripts from Apollo's CDN: framing is still refused. */
const SANDBOX_POLICY = "frame-ancestors 'none'";
const GRAPHQL_PATH = '/graphql';

/**
 * Security headers on every answer, routes, errors and 404s alike (helmet's defaults: nosniff,
 * X-Frame-Options, no cross-origin opener, …), with HSTS only in production: a development
 * server on plain HTTP must not teach a browser to insist on HTTPS for localhost. The
 * Content-Security-Policy depends on what is sent, so it is set once the type is known: any
 * HTML but the Sandbox's gets the pages' strict policy.
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
    .addHook('onSend', async (request, reply, payload) => {
      const type = String(reply.getHeader('content-type') ?? '');
      const sandbox = request.routeOptions.url === GRAPHQL_PATH;
      reply.header('content-security-policy', !type.startsWith('text/html') ? NON_HTML_POLICY : sandbox ? SANDBOX_POLICY : PAGE_POLICY);
      return payload;
    });
}
