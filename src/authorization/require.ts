import { subject as asSubject } from '@casl/ability';
import { forbidden, unauthenticated } from '../errors/domain-error.js';
import type { Action, SubjectType } from './ability.factory.js';
import type { Viewer } from './viewer.js';

/** Row-level check: the viewer may do `action` to this particular subject, or the request fails. */
export function requireAbility(viewer: Viewer, action: Action, type: Exclude<SubjectType, 'all'>, fields: object): void {
  if (viewer.ability.can(action, asSubject(type, { ...fields }))) return;
  if (!viewer.user) throw unauthenticated();
  throw forbidden(`You may not ${action} this ${type}`);
}

export function actorId(viewer: Viewer): string {
  if (!viewer.user) throw unauthenticated();
  return viewer.user.id;
}
