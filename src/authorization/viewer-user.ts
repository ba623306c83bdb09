import type { MembershipRole, OrganisationKind } from './roles.js';

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
