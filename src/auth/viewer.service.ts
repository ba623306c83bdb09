import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { defineAbilityFor } from '../authorization/ability.factory.js';
import type { RequestWithViewer } from '../authorization/policy.decorator.js';
import type { Credentials, Viewer, ViewerSource } from '../authorization/viewer.js';
import { AuthService } from './auth.service.js';
import { SessionsService } from './sessions.service.js';

/** Turns a request's bearer token, or a web page's session cookie, into the viewer the authorization guard reads. */
@Injectable()
export class ViewerService implements ViewerSource {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  /** Resolved once per request; sibling fields resolving in parallel share the same promise. */
  viewerOf(request: RequestWithViewer, credentials: Credentials = 'bearer'): Promise<Viewer> {
    request.viewerPromise ??= this.resolveViewer(request, credentials).then((viewer) => (request.viewer = viewer));
    return request.viewerPromise;
  }

  private async resolveViewer(request: RequestWithViewer, credentials: Credentials): Promise<Viewer> {
    const user = credentials === 'session' ? await this.sessionUser(request) : await this.tokenUser(request);
    return { user, ability: defineAbilityFor(user), requestId: request.id ?? randomUUID() };
  }

  private async tokenUser(request: RequestWithViewer) {
    const token = bearerTokenOf(request);
    return token ? this.auth.userForToken(token) : null;
  }

  /** An ended or expired session is nobody: the page then asks to sign in, as for a visitor who never did. */
  private async sessionUser(request: RequestWithViewer) {
    const secret = sessionSecretOf(request, this.sessions.cookie.name);
    return secret ? this.auth.userForSession(secret) : null;
  }
}

/** The session cookie's secret, or null. */
export function sessionSecretOf(request: Pick<RequestWithViewer, 'cookies'>, cookieName: string): string | null {
  const value = request.cookies?.[cookieName];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerTokenOf(request: RequestWithViewer): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '') : null;
}
