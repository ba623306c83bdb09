import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { defineAbilityFor } from '../authorization/ability.factory.js';
import type { RequestWithViewer } from '../authorization/policy.decorator.js';
import type { Viewer, ViewerSource } from '../authorization/viewer.js';
import { AuthService } from './auth.service.js';

/** Turns a request's bearer token into the viewer the authorization guard reads. */
@Injectable()
export class ViewerService implements ViewerSource {
  constructor(private readonly auth: AuthService) {}

  /** Resolved once per request; sibling fields resolving in parallel share the same promise. */
  viewerOf(request: RequestWithViewer): Promise<Viewer> {
    request.viewerPromise ??= this.resolveViewer(request).then((viewer) => (request.viewer = viewer));
    return request.viewerPromise;
  }

  private async resolveViewer(request: RequestWithViewer): Promise<Viewer> {
    const token = bearerTokenOf(request);
    const user = token ? await this.auth.userForToken(token) : null;
    return { user, ability: defineAbilityFor(user), requestId: request.id ?? randomUUID() };
  }
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerTokenOf(request: RequestWithViewer): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '') : null;
}
