import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toDomainError } from './format-graphql-error.js';

/** Plain HTTP routes (PDFs, keys) answer refusals as JSON with the same codes as GraphQL. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): unknown {
    // GraphQL errors are shaped by formatGraphqlError; hand them back untouched.
    if (host.getType<string>() === 'graphql') return exception;
    // A refusal is JSON whatever the route answers when it succeeds (a route's @Header may have set text/plain).
    const reply = host.switchToHttp().getResponse<FastifyReply>().type('application/json; charset=utf-8');
    const domain = toDomainError(exception);
    if (domain) {
      if (typeof domain.details.retryAfterSeconds === 'number') void reply.header('retry-after', String(domain.details.retryAfterSeconds));
      return reply.status(domain.httpStatus).send({ error: { code: domain.code, reason: domain.reason, message: domain.message, ...domain.details } });
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'BAD_REQUEST', message: (exception as Error).message } });
    }
    this.logger.error(`unexpected error: ${(exception as Error)?.message}`, (exception as Error)?.stack);
    return reply.status(500).send({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error; it has been logged' } });
  }
}
