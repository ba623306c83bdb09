import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Action, SubjectType } from './ability.factory.js';
import type { Viewer } from './viewer.js';

export const POLICY = 'pactwatch:policy';

export type Policy = { action: Action; subject: SubjectType; field?: string } | 'public';

/**
 * Declares what an operation needs. The guard refuses any operation that declares nothing,
 * so forgetting this decorator locks an endpoint rather than opening it. With `field`, the viewer
 * must be allowed that field of the subject (some rules let the public read only part of a row).
 */
export const Allow = (action: Action, subject: SubjectType, field?: string) => SetMetadata(POLICY, { action, subject, field } satisfies Policy);

/** For the few operations anyone may call; CASL still governs the rows they return. */
export const Public = () => SetMetadata(POLICY, 'public' satisfies Policy);

/** The viewer of a handler so marked comes from the sign-in session's cookie, not a bearer token (set by the website's @WebPages()). */
export const SESSION_CREDENTIALS = 'pactwatch:session-credentials';
export const SignedInBySession = () => SetMetadata(SESSION_CREDENTIALS, true);

export interface RequestWithViewer {
  viewer?: Viewer;
  viewerPromise?: Promise<Viewer>;
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
  ip: string;
  id?: string;
}

export function requestOf(context: ExecutionContext): RequestWithViewer {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req: RequestWithViewer }>().req;
  return context.switchToHttp().getRequest<RequestWithViewer>();
}

/** The viewer the guard resolved for this request. */
export const CurrentViewer = createParamDecorator((_: unknown, context: ExecutionContext): Viewer => {
  const viewer = requestOf(context).viewer;
  if (!viewer) throw new Error('CurrentViewer used on an operation the authorization guard did not run for');
  return viewer;
});
