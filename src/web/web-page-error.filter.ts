import { Catch, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toDomainError } from '../errors/format-graphql-error.js';
import { PageLocalsService } from './page-locals.service.js';

/** Where a signed-out visitor asking for a staff page is sent, with the page to come back to. */
export const SIGN_IN_PATH = '/login';

/**
 * A page that cannot be shown answers with a page, in the visitor's language, not with the JSON
 * of the API: 404 for what does not exist (services answer the same for what may not be seen),
 * 403 "not allowed" for a page the rules refuse the signed-in viewer, 400 for a bad address, 429
 * for a visitor over the anonymous budget, 500 (logged) for the unexpected. Never a stack trace.
 * A page that needs someone signed in sends a signed-out visitor to sign in, and back afterwards.
 */
@Catch()
@Injectable()
export class WebPageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(WebPageErrorFilter.name);

  constructor(private readonly locals: PageLocalsService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const domain = toDomainError(exception);
    if (domain?.code === 'UNAUTHENTICATED') {
      await reply.header('cache-control', 'no-store').redirect(`${SIGN_IN_PATH}?next=${encodeURIComponent(request.url)}`, 303);
      return;
    }
    this.locals.prepare(request, reply);
    const status = statusOf(exception, domain);
    if (status >= 500) this.logger.error(`page failed: ${(exception as Error)?.message}`, (exception as Error)?.stack);
    // A visitor refused for asking too much is told when to come back, and so is their browser.
    const retryAfter = domain?.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    await reply.status(status).view('error.njk', { status, retryAfter, reason: domain?.reason });
  }
}

function statusOf(exception: unknown, domain: ReturnType<typeof toDomainError>): number {
  if (domain) return domain.httpStatus;
  const status = (exception as { statusCode?: number; status?: number })?.statusCode ?? (exception as { status?: number })?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}
