import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { HttpErrorFilter } from '../errors/http-error.filter.js';

/** HTTP statuses upload clients and proxies understand, for refusals that are about the file itself. */
const STATUS_BY_REASON: Record<string, number> = {
  EVIDENCE_TOO_LARGE: 413,
  EVIDENCE_TYPE_NOT_ALLOWED: 415,
};

/** Evidence refusals keep the JSON body of every HTTP error, with 413 or 415 where the file is the problem. */
@Catch()
export class EvidenceErrorFilter extends HttpErrorFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    const status = exception instanceof DomainError ? STATUS_BY_REASON[exception.reason] : undefined;
    if (!status) return super.catch(exception, host);
    const { code, reason, message, details } = exception as DomainError;
    return host.switchToHttp().getResponse<FastifyReply>().status(status).send({ error: { code, reason, message, ...details } });
  }
}
