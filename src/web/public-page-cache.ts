import { Inject, Injectable } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { LANGUAGE_COOKIE, PageLocalsService } from './page-locals.service.js';

/** The cookies an anonymous visitor may carry: the language and the secret behind form tokens. Any other (a session) means a page of their own. */
const ANONYMOUS_COOKIES = new Set([LANGUAGE_COOKIE, '_csrf']);
/** Characters of pages kept, all addresses and languages together: bounds the memory a crawler of every search can take. */
const MOST_KEPT = 16 * 1024 * 1024;
/** The headers of a page that hold for every anonymous visitor; the security headers are set on every answer anyway. */
const KEPT_HEADERS = ['content-type', 'content-language', 'vary', 'cache-control'] as const;

interface KeptPage {
  body: string;
  headers: Array<[string, string]>;
}

interface Pending {
  key: string;
  changesSeen: number;
}

/**
 * Marks a page handler whose page is the same for every anonymous visitor in one language (the
 * register, a case file): the public page cache may answer it without running the handler.
 */
export const PublicPage = () => RouteConfig({ publicPage: true });

declare module 'fastify' {
  interface FastifyRequest {
    publicPageMiss?: Pending;
  }
  interface FastifyContextConfig {
    publicPage?: boolean;
  }
}

/**
 * The public pages that thousands read and few change (a case file a journalist links to, the
 * register), rendered once and served again to the next anonymous visitors for a few seconds
 * (`PUBLIC_PAGE_CACHE_SECONDS`). Only for a visitor without a session or a token, only what the
 * handler marked `@PublicPage()`, only a complete 200 answer that sets no cookie; and any change
 * committed through this instance (every change is audited) ends every kept page at once, so a
 * visitor who has just acted sees the result. Another instance's change shows within the
 * seconds set. Keyed by the page's address and language, so nothing of one visitor reaches another.
 */
@Injectable()
export class PublicPageCache {
  private readonly pages: LRUCache<string, KeptPage & { changesSeen: number }> | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly locals: PageLocalsService,
    private readonly audit: AuditService,
  ) {
    if (config.publicPageCacheSeconds > 0)
      this.pages = new LRUCache({ maxSize: MOST_KEPT, sizeCalculation: (page) => page.body.length, ttl: config.publicPageCacheSeconds * 1000 });
  }

  /** Answers kept pages before routing runs any guard or handler, and keeps new ones as they are sent. */
  install(fastify: FastifyInstance): void {
    if (!this.pages) return;
    fastify.addHook('onRequest', async (request, reply) => {
      const key = this.keyOf(request);
      if (!key) return;
      const kept = this.pages!.get(key);
      if (kept && kept.changesSeen === this.audit.changesCommittedHere) {
        for (const [name, value] of kept.headers) void reply.header(name, value);
        return reply.send(kept.body);
      }
      request.publicPageMiss = { key, changesSeen: this.audit.changesCommittedHere };
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      const miss = request.publicPageMiss;
      if (miss && typeof payload === 'string' && this.keepable(reply) && miss.changesSeen === this.audit.changesCommittedHere) {
        const headers = KEPT_HEADERS.flatMap((name) => {
          const value = reply.getHeader(name);
          return value === undefined ? [] : [[name, String(value)] as [string, string]];
        });
        this.pages!.set(miss.key, { body: payload, headers, changesSeen: miss.changesSeen });
      }
      return payload;
    });
  }

  /** The page's key when the request is an anonymous visitor's GET of a public page; the address of a language choice is not kept (its answer sets the cookie). */
  private keyOf(request: FastifyRequest): string | undefined {
    if (request.method !== 'GET' || request.routeOptions.config?.publicPage !== true || request.headers.authorization) return undefined;
    if (Object.keys(request.cookies ?? {}).some((name) => !ANONYMOUS_COOKIES.has(name))) return undefined;
    if ((request.query as Record<string, unknown> | undefined)?.lang !== undefined) return undefined;
    return `${this.locals.languageOf(request)} ${request.url}`;
  }

  private keepable(reply: FastifyReply): boolean {
    return reply.statusCode === 200 && reply.getHeader('set-cookie') === undefined && String(reply.getHeader('content-type')).startsWith('text/html');
  }
}
