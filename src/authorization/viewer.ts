import type { AppAbility } from './ability.factory.js';
import type { ViewerUser } from './viewer-user.js';

/** Who is asking, and what CASL says they may do; built once per request. */
export interface Viewer {
  user: ViewerUser | null;
  ability: AppAbility;
  requestId: string;
}

/**
 * Who is asking, resolved from the request once (by `auth`, which knows tokens); the guard and
 * `@CurrentViewer()` only read it. Authorization declares this port so that it imports no feature.
 */
export interface ViewerSource {
  viewerOf(request: { headers: Record<string, string | string[] | undefined>; id?: string; viewer?: Viewer; viewerPromise?: Promise<Viewer> }): Promise<Viewer>;
}
export const VIEWER_SOURCE = Symbol('ViewerSource');
