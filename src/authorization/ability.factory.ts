import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { MembershipRole } from './roles.js';
import { OrganisationKind } from './roles.js';
import type { ViewerUser } from './viewer-user.js';

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
  | 'sign'
  | 'approve'
  | 'decide'
  | 'refer'
  | 'classify'
  | 'merge'
  /** Refuse every login token a user holds; only platform administrators (through `manage all`). */
  | 'revokeTokens';

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
  | 'Bid'
  | 'Award'
  | 'Contract'
  | 'Finding'
  | 'FindingResponse'
  | 'FindingNote'
  | 'StageSignOff'
  | 'RedFlag'
  | 'RedFlagSetting'
  | 'MonitoringReport'
  | 'ReportContribution'
  | 'PublishedReport'
  | 'Complaint'
  | 'ComplaintContact'
  | 'ComplaintNote'
  | 'ComplaintStatistics'
  | 'ReferralRule'
  | 'ComplaintDeadline'
  | 'OutboundMessage'
  | 'ComplaintSector'
  | 'ComplaintType'
  | 'Area'
  | 'all';

export type AppAbility = MongoAbility<[Action, SubjectType | object]>;

/** What the monitor and the implementer both read on the procurements they watch. */
const MONITORING: SubjectType[] = [
  'Bid',
  'Award',
  'Contract',
  'Finding',
  'FindingResponse',
  'FindingNote',
  'StageSignOff',
  'RedFlag',
  'MonitoringReport',
  'ReportContribution',
];

/**
 * What the public may read of a confirmed red flag: which indicator the monitor confirmed, and
 * when. Not the evidence (it can quote sealed bids before the award), nor who decided, nor why
 * a flag was dismissed: those stay with the monitor and the implementer.
 */
export const PUBLIC_RED_FLAG_FIELDS = ['id', 'procurementId', 'code', 'triggered', 'status', 'computedAt', 'decidedAt'];

/** Everything procurement-scoped is checked against the parties of its procurement. */
export interface ProcurementParties {
  authorityId: string;
  monitorId: string | null;
  implementerId: string | null;
  bidderIds: string[];
  /** Published pacts put the procurement, its stage timeline and its public findings in the public record. */
  hasPublishedPact: boolean;
  /** The procurement has reached AWARD: its bids, award and contract become public. */
  awarded: boolean;
}

type Can = AbilityBuilder<AppAbility>['can'];

/**
 * Every authorization rule of the platform. Nothing is allowed unless a rule below says so;
 * conditions name the organisations the viewer belongs to, and the same rules filter lists
 * in SQL (see accessible-sql.ts), so what a list shows and what a check allows never differ.
 */
export function defineAbilityFor(user: ViewerUser | null): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  publicRules(can);
  if (!user) return build();
  can('read', 'RedFlagSetting');
  if (user.platformAdmin) can('manage', 'all');
  can('read', 'Organisation');
  can('read', 'User', { id: user.id });
  // Their own account: a new password (given the current one, see AuthService.changePassword).
  can('update', 'User', { id: user.id });

  const parties = partiesOf(user);
  authorityRules(can, parties.authorities);
  monitorRules(can, parties.monitors);
  implementerRules(can, parties.implementers);
  // The implementer designs the monitoring method: its administrators tune the red-flag thresholds, which apply to every procurement.
  if (withRole(user, MembershipRole.ADMIN).some((id) => parties.implementers.includes(id))) can('update', 'RedFlagSetting');
  bidderRules(can, parties.bidders);
  complaintRules(can, user, parties);
  membershipRules(can, user);
  return build();
}

interface Parties {
  authorities: string[];
  monitors: string[];
  implementers: string[];
  bidders: string[];
  partners: string[];
}

function partiesOf(user: ViewerUser): Parties {
  const orgsOf = (kind: OrganisationKind) => user.memberships.filter((m) => m.organisationKind === kind).map((m) => m.organisationId);
  return {
    authorities: orgsOf(OrganisationKind.CONTRACTING_AUTHORITY),
    monitors: orgsOf(OrganisationKind.MONITOR),
    implementers: orgsOf(OrganisationKind.IP_IMPLEMENTER),
    bidders: orgsOf(OrganisationKind.BIDDER),
    partners: orgsOf(OrganisationKind.REFERRAL_PARTNER),
  };
}

function withRole(user: ViewerUser, ...roles: MembershipRole[]): string[] {
  return user.memberships.filter((m) => roles.includes(m.role)).map((m) => m.organisationId);
}

/**
 * The public record: published pact versions, who signed them, the templates, published
 * reports, the findings and stage objections that are public or have been published, and the
 * red flags the monitor confirmed.
 */
function publicRules(can: Can): void {
  can('read', ['PactVersion', 'Signature', 'PactTemplate', 'PublishedReport']);
  can('read', ['Finding', 'StageSignOff'], { isPublic: true, hasPublishedPact: true });
  can('read', ['Procurement', 'StageTransition'], { hasPublishedPact: true });
  can('read', ['Bid', 'Award', 'Contract'], { hasPublishedPact: true, awarded: true });
  // A red flag the monitor confirmed is part of the record; its evidence is not (see PUBLIC_RED_FLAG_FIELDS).
  can('read', 'RedFlag', PUBLIC_RED_FLAG_FIELDS, { hasPublishedPact: true, confirmed: true });
  // What a complaint can be classified by, so anyone can fill in the complaint form.
  can('read', ['ComplaintSector', 'ComplaintType', 'Area']);
}

function authorityRules(can: Can, authorities: string[]): void {
  if (!authorities.length) return;
  const ofAuthority = { authorityId: { $in: authorities } };
  can(['create', 'read', 'update', 'advance', 'assignMonitor', 'manageBidders'], 'Procurement', ofAuthority);
  can('read', ['ProcurementBidder', 'StageTransition', 'DraftComment', 'AuditEntry'], ofAuthority);
  can(['create', 'read', 'update', 'publish'], 'PactDraft', ofAuthority);
  can('create', 'DraftComment', ofAuthority);
  can(['create', 'read', 'update'], ['Bid', 'Award', 'Contract'], ofAuthority);
  // The authority answers every finding on its procurements, confidential ones included,
  // but never reads the monitor's and implementer's internal notes.
  can('read', ['Finding', 'FindingResponse', 'StageSignOff'], ofAuthority);
  can('create', 'FindingResponse', ofAuthority);
  // Authorities register the companies that take part in their tenders.
  can('create', 'Organisation', { kind: OrganisationKind.BIDDER });
}

function monitorRules(can: Can, monitors: string[]): void {
  if (!monitors.length) return;
  // The monitor's right of access covers every document of an assigned procurement.
  const assigned = { monitorId: { $in: monitors } };
  can('read', ['Procurement', 'ProcurementBidder', 'StageTransition', 'PactDraft', 'DraftComment', 'AuditEntry', ...MONITORING], assigned);
  can('create', 'DraftComment', assigned);
  can(['create', 'update'], ['Finding', 'FindingNote', 'StageSignOff'], assigned);
  can('decide', 'RedFlag', assigned);
  can('create', 'ReportContribution', assigned);
}

function implementerRules(can: Can, implementers: string[]): void {
  if (!implementers.length) return;
  const running = { implementerId: { $in: implementers } };
  can('read', ['Procurement', 'ProcurementBidder', 'StageTransition', 'PactDraft', 'DraftComment', 'AuditEntry', ...MONITORING], running);
  can('create', 'DraftComment', running);
  can('update', 'Finding', running);
  can('create', 'FindingNote', running);
  can(['create', 'update', 'approve', 'publish'], 'MonitoringReport', running);
  // The implementer engages the monitor.
  can('assignMonitor', 'Procurement', running);
}

function bidderRules(can: Can, bidders: string[]): void {
  if (!bidders.length) return;
  // A bidder sees the tenders it takes part in and its own participation, never its rivals'.
  can('read', ['Procurement', 'StageTransition'], { bidderIds: { $in: bidders } });
  can('read', 'ProcurementBidder', { bidderId: { $in: bidders } });
  can('read', 'Bid', { bidderId: { $in: bidders } });
  can('read', ['Award', 'Contract'], { bidderIds: { $in: bidders } });
}

/**
 * Complaint referral. Whoever a complaint is referred to works it and may read who
 * complained; the convener coordinates every complaint. Monitors and implementers see the
 * complaints about their procurements (and the implementer those escalated to it), never
 * who complained.
 */
function complaintRules(can: Can, user: ViewerUser, { monitors, implementers, partners }: Parties): void {
  const handling = { handlingOrganisationId: { $in: user.memberships.map((m) => m.organisationId) } };
  can(['read', 'update', 'refer'], 'Complaint', handling);
  can('read', ['ComplaintContact', 'OutboundMessage'], handling);
  can(['create', 'read'], 'ComplaintNote', handling);
  if (monitors.length) can('read', 'Complaint', { monitorId: { $in: monitors } });
  if (implementers.length) {
    can('read', 'Complaint', { implementerId: { $in: implementers } });
    can('read', 'Complaint', { escalatedToId: { $in: implementers } });
  }
  // Partner staff fill in the complaint log form for people who walk into their offices.
  if (partners.length) can('create', 'Complaint', { recordingOrganisationId: { $in: partners } });
  if (partners.length || implementers.length) can('read', 'ComplaintStatistics');
  if (withRole(user, MembershipRole.CONVENER).length) {
    can('manage', [
      'Complaint',
      'ComplaintContact',
      'ComplaintNote',
      'ComplaintStatistics',
      'ReferralRule',
      'ComplaintDeadline',
      'OutboundMessage',
      'ComplaintSector',
      'ComplaintType',
      'Area',
    ]);
  }
}

function membershipRules(can: Can, user: ViewerUser): void {
  const signatories = withRole(user, MembershipRole.SIGNATORY, MembershipRole.ADMIN);
  if (signatories.length) can('sign', 'Signature', { organisationId: { $in: signatories } });
  const administered = withRole(user, MembershipRole.ADMIN);
  if (administered.length) {
    can(['create', 'read', 'delete'], 'Membership', { organisationId: { $in: administered } });
    can('create', 'User');
    can('read', 'AuditEntry', { organisationId: { $in: administered } });
  }
  can('read', 'Membership', { userId: user.id });
}
