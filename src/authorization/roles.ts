import { registerEnumType } from '@nestjs/graphql';

// The roles are the vocabulary of the ability factory; accounts stores them on its rows.

export enum OrganisationKind {
  CONTRACTING_AUTHORITY = 'CONTRACTING_AUTHORITY',
  BIDDER = 'BIDDER',
  MONITOR = 'MONITOR',
  IP_IMPLEMENTER = 'IP_IMPLEMENTER',
  REFERRAL_PARTNER = 'REFERRAL_PARTNER',
}
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });

export enum MembershipRole {
  /** Works on the organisation's files. */
  MEMBER = 'MEMBER',
  /** May also sign pacts on the organisation's behalf. */
  SIGNATORY = 'SIGNATORY',
  /** May also manage the organisation's memberships. */
  ADMIN = 'ADMIN',
  /** Coordinates the complaint referral system hosted by this organisation. */
  CONVENER = 'CONVENER',
}
registerEnumType(MembershipRole, { name: 'MembershipRole' });
