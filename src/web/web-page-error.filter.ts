import { Catch, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toDomainError } from '../errors/format-graphql-error.js';
import { PageLocalsService } from './page-locals.service.js';

/**
 * A page that cannot be shown answers with a page, in the visitor's language, not with the JSON
 * of the API: 404 for what does not exist (services answer the same for what may not be seen),
 * 400 for a bad address, 500 (logged) for the unexpected. Never a stack trace.
 */
@Catch()
@Injectable()
export class WebPageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(WebPageErrorFilter.name);

  constructor(private readonly locals: PageLocalsService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    this.locals.prepare(http.getRequest<FastifyRequest>(), reply);
    const status = statusOf(exception);
    if (status >= 500) this.logger.error(`page failed: ${(exception as Error)?.message}`, (exception as Error)?.stack);
    await reply.status(status).view('error.njk', { status });
  }
}

function statusOf(exception: unknown): number {
  const domain = toDomainError(exception);
  if (domain) return domain.httpStatus;
  const status = (exception as { statusCode?: number; status?: number })?.statusCode ?? (exception as { status?: number })?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}
