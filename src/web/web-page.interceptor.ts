import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { PageLocalsService } from './page-locals.service.js';

/** Gives the page handler's template its language, formats and language switch. */
@Injectable()
export class WebPageInterceptor implements NestInterceptor {
  constructor(private readonly locals: PageLocalsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    this.locals.prepare(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    return next.handle();
  }
}
