import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants as zlib } from 'node:zlib';
import nunjucks from 'nunjucks';
import type { AppConfig } from '../config/app-config.js';
import { PageLocalsService } from './page-locals.service.js';
import { PublicPageCache } from './public-page-cache.js';
import { stylesheet } from './stylesheet.js';

const require = createRequire(import.meta.url);

/**
 * The website's plumbing on the same server as the API: Nunjucks views from
 * `templates/web/` (with govuk-frontend's component macros beside them), the language cookie,
 * the CSRF secret behind every form's token,
 * and every asset served from here, so a visitor's browser never asks another host for anything.
 */
export async function serveWebPages(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const web = join(config.templatesDir, 'web');
  const styles = await stylesheet(join(web, 'styles', 'pactwatch.scss'), join(config.dataDir, 'cache'));
  await app.register(cookie);
  // After the cookie parser: whether a visitor is anonymous is read from their cookies.
  app.get(PublicPageCache).install(app.getHttpAdapter().getInstance());
  // Every answer of the app compressed from here on (pages, the stylesheet, GraphQL's JSON):
  // after the page cache, which keeps a page as rendered. Brotli at quality 4 costs about what
  // gzip does for a page a third smaller, for a phone on a slow connection; PDFs are left as they are.
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } } });
  // The secret behind every form's token, in a cookie of its own; forms carry tokens made from it (see web-forms.ts).
  await app.register(csrfProtection, {
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.mode === 'production' },
  });
  app.setViewEngine({
    engine: { nunjucks },
    templates: [web, join(dirname(require.resolve('govuk-frontend/package.json')), 'dist')],
    production: config.mode === 'production',
    defaultContext: { stylesheetUrl: `/assets/pactwatch.css?v=${styles.version}` },
    options: { onConfigure: (env: nunjucks.Environment) => env.addFilter('pathSegments', pathSegments) },
  });
  await app.register(fastifyStatic, { root: join(web, 'assets'), prefix: '/assets/', maxAge: '1d' });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/assets/pactwatch.css', async (_request, reply) => {
      // The address carries the version, so what a browser kept is never stale.
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(await styles.css());
    });
  answerUnknownAddressesWithAPage(app);
}

/**
 * An address no route answers is, for a browser, a page like any other: "Page not found" in the
 * site's layout and the visitor's language. Fastify runs the root's hooks before its not-found
 * handler (which Nest owns, answering API clients with the JSON 404 of the error filter), so
 * this hook takes over only what a browser asks for and leaves everything else to that handler.
 */
function answerUnknownAddressesWithAPage(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('preHandler', async (request, reply) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD') || !prefersHtml(request.headers.accept)) return;
    app.get(PageLocalsService, { strict: false }).prepare(request, reply);
    await reply.status(404).view('not-found.njk', {});
    return reply;
  });
}

/**
 * Whether a client would rather have HTML than JSON: it names `text/html` and prefers it at least
 * as much as `application/json`. A browser names it first; the bare wildcard of curl and most API clients does not count.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const weights = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [type, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(type.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const html = Math.max(weights.get('text/html') ?? 0, weights.get('application/xhtml+xml') ?? 0);
  return html > 0 && html >= (weights.get('application/json') ?? 0);
}

/** A value as path segments of an address: each part encoded, its slashes kept (`TCG/WTR/2026/003` stays four segments). */
export function pathSegments(value: string): string {
  return String(value).split('/').map(encodeURIComponent).join('/');
}
