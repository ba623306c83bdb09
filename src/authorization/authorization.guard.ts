import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthenticated } from '../errors/domain-error.js';
import { POLICY, requestOf, SESSION_CREDENTIALS, type Policy } from './policy.decorator.js';
import { VIEWER_SOURCE, type ViewerSource } from './viewer.js';

/**
 * Runs before every query, mutation, field resolver and HTTP route. It reads who is asking
 * (resolved once per request by the viewer source that `auth` provides) and refuses operations
 * whose declared policy the viewer's ability does not grant — or that declare no policy at all.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  private readonly logger = new Logger(AuthorizationGuard.name);

  constructor(
    private readonly reflector: Reflector,
    @Inject(VIEWER_SOURCE) private readonly viewers: ViewerSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    const bySession = this.reflector.getAllAndOverride<boolean | undefined>(SESSION_CREDENTIALS, [context.getHandler(), context.getClass()]);
    const viewer = await this.viewers.viewerOf(request, bySession ? 'session' : 'bearer');
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY, [context.getHandler(), context.getClass()]);
    if (policy === 'public') return true;
    if (!policy) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no policy; refused`);
      throw forbidden('This operation is not available');
    }
    if (viewer.ability.can(policy.action, policy.subject, policy.field)) return true;
    if (!viewer.user) throw unauthenticated();
    throw forbidden(`You may not ${policy.action} ${policy.subject}`);
  }
}
