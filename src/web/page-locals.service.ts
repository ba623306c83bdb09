import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import type { Viewer } from '../authorization/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { chooseLanguage, loadCatalogues, type Catalogues, type Language, type Translate } from './catalogues.js';
import { pageFormats, type PageFormats } from './page-formats.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Merged by @fastify/view into every template's data; its own types do not declare it. */
    locals?: Record<string, unknown>;
  }
}

/** The cookie that remembers a visitor's language: nothing else is kept about them. */
export const LANGUAGE_COOKIE = 'lang';
const A_YEAR_IN_SECONDS = 365 * 24 * 3600;

/** What every page template can use besides its own data. */
export interface PageLocals {
  lang: string;
  dir: Language['dir'];
  t: Translate;
  format: PageFormats;
  /** The language switch, as govuk-frontend's language navigation takes it: this same page in each language. */
  languages: Array<{ text: string; lang: string; dir: Language['dir']; href: string; current: boolean }>;
  /** A CSRF token for a form (`csrfToken()` in the form's template); made only when a page has a form, so other pages set no cookie. */
  csrfToken: () => string;
  /** Who is signed in (the layout names them beside the sign-out button); null for a visitor. */
  signedIn: { name: string; organisations: string[] } | null;
}

/**
 * Works out a page's language and what its templates need for it, for page handlers and the
 * error pages alike. The language asked for in the address is remembered in a cookie, so the
 * switch's choice holds on the next page without carrying `?lang=` on every link.
 */
@Injectable()
export class PageLocalsService implements OnModuleInit {
  private catalogues!: Catalogues;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.catalogues = await loadCatalogues(join(this.config.templatesDir, 'web', 'locales'));
  }

  /** The language a page answers this request in: asked in the address, remembered, or preferred by the browser. */
  languageOf(request: FastifyRequest): string {
    return chooseLanguage((c) => this.catalogues.has(c), {
      query: (request.query as Record<string, unknown> | undefined)?.lang,
      cookie: request.cookies?.[LANGUAGE_COOKIE],
      acceptLanguage: request.headers['accept-language'],
    });
  }

  /** Sets the page's locals on the reply, once per request. */
  prepare(request: FastifyRequest, reply: FastifyReply): PageLocals {
    const existing = reply.locals as Partial<PageLocals> | undefined;
    if (existing?.t) return existing as PageLocals;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const code = this.languageOf(request);
    if (query.lang === code && request.cookies?.[LANGUAGE_COOKIE] !== code) {
      void reply.setCookie(LANGUAGE_COOKIE, code, {
        path: '/',
        maxAge: A_YEAR_IN_SECONDS,
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.mode === 'production',
      });
    }
    const user = (request as { viewer?: Viewer }).viewer?.user ?? null;
    // The same address answers in different languages: caches must tell them apart. A signed-in
    // page is kept by no cache, the browser's included: after signing out, Back does not show it.
    void reply
      .header('vary', 'cookie, accept-language')
      .header('cache-control', user ? 'no-store' : 'no-cache')
      .header('content-language', code);
    const locals: PageLocals = {
      lang: code,
      dir: this.catalogues.language(code).dir,
      t: this.catalogues.translator(code),
      format: pageFormats(code, this.config.notificationTimeZone),
      languages: this.catalogues.languages.map(({ code: lang, name, dir }) => ({
        text: name,
        lang,
        dir,
        href: withLanguage(request.url, lang),
        current: lang === code,
      })),
      csrfToken: () => reply.generateCsrf(),
      signedIn: user && { name: user.name, organisations: [...new Set(user.memberships.map((m) => m.organisationName))] },
    };
    reply.locals = { ...reply.locals, ...locals };
    return locals;
  }
}

/** This page's address with `lang` set, the other query parameters kept (a filtered register stays filtered). */
function withLanguage(url: string, code: string): string {
  const parsed = new URL(url, 'http://page.invalid');
  parsed.searchParams.set('lang', code);
  return `${parsed.pathname}${parsed.search}`;
}
