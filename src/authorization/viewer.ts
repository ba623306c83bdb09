import type { AppAbility } from './ability.factory.js';
import type { ViewerUser } from './viewer-user.js';

/** Who is asking, and what CASL says they may do; built once per request. */
export interface Viewer {
  user: ViewerUser | null;
  ability: AppAbility;
  requestId: string;
}

/**
 * How a request says who is asking: a bearer token (GraphQL and the HTTP API), or the sign-in
 * session's cookie (the website's pages only: a cookie is sent by the browser on its own, which
 * an API must not rely on).
 */
export type Credentials = 'bearer' | 'session';

/**
 * Who is asking, resolved from the request once (by `auth`, which knows tokens and sessions); the
 * guard and `@CurrentViewer()` only read it. Authorization declares this port so that it imports no feature.
 */
export interface ViewerSource {
  viewerOf(
    request: {
      headers: Record<string, string | string[] | undefined>;
      cookies?: Record<string, string | undefined>;
      id?: string;
      viewer?: Viewer;
      viewerPromise?: Promise<Viewer>;
    },
    credentials?: Credentials,
  ): Promise<Viewer>;
}
export const VIEWER_SOURCE = Symbol('ViewerSource');
