import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { MembershipRole } from '../accounts/membership.entity.js';
import { OrganisationKind } from '../accounts/organisation.entity.js';
import type { ViewerUser } from './viewer.js';

export type Action =
  | 'manage'
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'advance'
  | 'assignMonitor'
  | 'manageBidders'
  | 'publish'
  | 'sign';

export type SubjectType =
  | 'Organisation'
  | 'User'
  | 'Membership'
  | 'Procurement'
  | 'ProcurementBidder'
  | 'StageTransition'
  | 'PactTemplate'
  | 'PactDraft'
  | 'DraftComment'
  | 'PactVersion'
  | 'Signature'
  | 'AuditEntry'
  | 'all';

export type AppAbility = MongoAbility<[Action, SubjectType | object]>;

/** Everything procurement-scoped is checked against the parties of its procurement. */
export interface ProcurementParties {
  authorityId: string;
  monitorId: string | null;
  implementerId: string | null;
  bidderIds: string[];
}

/**
 * Every authorization rule of the platform. Nothing is allowed unless a rule below says so;
 * conditions name the organisations the viewer belongs to, and the same rules filter lists
 * in SQL (see accessible-sql.ts), so what a list shows and what a check allows never differ.
 */
export function defineAbilityFor(user: ViewerUser | null): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);

  // The public record of the pact: published versions, who signed them, the templates.
  can('read', ['PactVersion', 'Signature', 'PactTemplate']);
  if (!user) return build();

  if (user.platformAdmin) can('manage', 'all');
  can('read', 'Organisation');
  can('read', 'User', { id: user.id });

  const orgsOf = (kind: OrganisationKind) => user.memberships.filter((m) => m.organisationKind === kind).map((m) => m.organisationId);
  const withRole = (...roles: MembershipRole[]) => user.memberships.filter((m) => roles.includes(m.role)).map((m) => m.organisationId);

  const authorities = orgsOf(OrganisationKind.CONTRACTING_AUTHORITY);
  if (authorities.length) {
    const ofAuthority = { authorityId: { $in: authorities } };
    can(['create', 'read', 'update', 'advance', 'assignMonitor', 'manageBidders'], 'Procurement', ofAuthority);
    can('read', ['ProcurementBidder', 'StageTransition', 'DraftComment', 'AuditEntry'], ofAuthority);
    can(['create', 'read', 'update', 'publish'], 'PactDraft', ofAuthority);
    can('create', 'DraftComment', ofAuthority);
    // Authorities register the companies that take part in their tenders.
    can('create', 'Organisation', { kind: OrganisationKind.BIDDER });
  }

  const monitors = orgsOf(OrganisationKind.MONITOR);
  if (monitors.length) {
    // The monitor's right of access covers every document of an assigned procurement.
    const assigned = { monitorId: { $in: monitors } };
    can('read', ['Procurement', 'ProcurementBidder', 'StageTransition', 'PactDraft', 'DraftComment', 'AuditEntry'], assigned);
    can('create', 'DraftComment', assigned);
  }

  const implementers = orgsOf(OrganisationKind.IP_IMPLEMENTER);
  if (implementers.length) {
    const running = { implementerId: { $in: implementers } };
    can('read', ['Procurement', 'ProcurementBidder', 'StageTransition', 'PactDraft', 'DraftComment', 'AuditEntry'], running);
    can('create', 'DraftComment', running);
    // The implementer engages the monitor.
    can('assignMonitor', 'Procurement', running);
  }

  const bidders = orgsOf(OrganisationKind.BIDDER);
  if (bidders.length) {
    // A bidder sees the tenders it takes part in and its own participation, never its rivals'.
    can('read', ['Procurement', 'StageTransition'], { bidderIds: { $in: bidders } });
    can('read', 'ProcurementBidder', { bidderId: { $in: bidders } });
  }

  const signatories = withRole(MembershipRole.SIGNATORY, MembershipRole.ADMIN);
  if (signatories.length) can('sign', 'Signature', { organisationId: { $in: signatories } });

  const administered = withRole(MembershipRole.ADMIN);
  if (administered.length) {
    can(['create', 'read', 'delete'], 'Membership', { organisationId: { $in: administered } });
    can('create', 'User');
    can('read', 'AuditEntry', { organisationId: { $in: administered } });
  }
  can('read', 'Membership', { userId: user.id });

  return build();
}
