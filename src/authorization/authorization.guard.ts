import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AuthService } from '../auth/auth.service.js';
import { forbidden, unauthenticated } from '../errors/domain-error.js';
import { defineAbilityFor } from './ability.factory.js';
import { POLICY, requestOf, type Policy, type RequestWithViewer } from './policy.decorator.js';
import type { Viewer } from './viewer.js';

/**
 * Runs before every query, mutation, field resolver and HTTP route. It resolves who is
 * asking (once per request) and refuses operations whose declared policy the viewer's
 * ability does not grant — or that declare no policy at all.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  private readonly logger = new Logger(AuthorizationGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    const viewer = await this.viewerOf(request);
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY, [context.getHandler(), context.getClass()]);
    if (policy === 'public') return true;
    if (!policy) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no policy; refused`);
      throw forbidden('This operation is not available');
    }
    if (viewer.ability.can(policy.action, policy.subject)) return true;
    if (!viewer.user) throw unauthenticated();
    throw forbidden(`You may not ${policy.action} ${policy.subject}`);
  }

  /** Resolved once per request; sibling fields resolving in parallel share the same promise. */
  private viewerOf(request: RequestWithViewer): Promise<Viewer> {
    request.viewerPromise ??= this.resolveViewer(request).then((viewer) => (request.viewer = viewer));
    return request.viewerPromise;
  }

  private async resolveViewer(request: RequestWithViewer): Promise<Viewer> {
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '') : null;
    const user = token ? await this.auth.userForToken(token) : null;
    return { user, ability: defineAbilityFor(user), requestId: request.id ?? randomUUID() };
  }
}
