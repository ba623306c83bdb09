import type { MembershipRole } from '../accounts/membership.entity.js';
import type { OrganisationKind } from '../accounts/organisation.entity.js';
import type { AppAbility } from './ability.factory.js';

export interface ViewerMembership {
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
  role: MembershipRole;
  title: string;
}

export interface ViewerUser {
  id: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  memberships: ViewerMembership[];
}

/** Who is asking, and what CASL says they may do; built once per request. */
export interface Viewer {
  user: ViewerUser | null;
  ability: AppAbility;
  requestId: string;
}
