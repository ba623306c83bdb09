import { OrganisationKind } from '../authorization/roles.js';
import { Participation } from '../procurements/procurement-bidder.entity.js';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import type { OcdsParty, OcdsRelease, OcdsValue } from './ocds-release.js';

/**
 * How platform records and OCDS fields translate, both ways. Import and export share these so
 * that what one writes the other reads back unchanged.
 */

/**
 * Prefix of the ocids the platform gives procurements created on it (they have no ocid of their
 * own). A placeholder until the installation registers a prefix with the Open Contracting
 * Partnership; the part after it is the procurement's id, so an export re-imported into the same
 * installation finds its procurement again.
 */
export const PLATFORM_OCID_PREFIX = 'ocds-pactwatch';

/** Party roles added by the Pactwatch extension (codelists/+partyRole.csv). */
export const MONITOR_ROLE = 'pactwatchMonitor';
export const IMPLEMENTER_ROLE = 'pactwatchImplementer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function platformOcid(procurementId: string): string {
  return `${PLATFORM_OCID_PREFIX}-${procurementId}`;
}

/** The procurement id inside an ocid the platform made up, or null for anyone else's ocid. */
export function procurementIdInOcid(ocid: string): string | null {
  const rest = ocid.startsWith(`${PLATFORM_OCID_PREFIX}-`) ? ocid.slice(PLATFORM_OCID_PREFIX.length + 1) : '';
  return UUID.test(rest) ? rest.toLowerCase() : null;
}

/** `<scheme>-<id>`, the form Organisation.identifier keeps; null unless the party gives both. */
export function identifierOf(party: OcdsParty): string | null {
  const { scheme, id } = party.identifier ?? {};
  return scheme && id !== undefined && String(id) !== '' ? `${scheme}-${id}` : null;
}

/**
 * Splits a stored identifier back into scheme and id. org-id.guide schemes are a country (or X*)
 * code and a register, `KE-KRA`, `GB-COH`, `XI-IATI`; anything else is read as `<scheme>-<id>` at
 * the first hyphen.
 */
export function splitIdentifier(identifier: string): { scheme?: string; id: string } {
  const orgId = /^([A-Z]{2}-[A-Z0-9]+)-(.+)$/.exec(identifier);
  if (orgId) return { scheme: orgId[1], id: orgId[2] };
  const hyphen = identifier.indexOf('-');
  return hyphen > 0 ? { scheme: identifier.slice(0, hyphen), id: identifier.slice(hyphen + 1) } : { id: identifier };
}

/** OCDS amounts are JSON numbers; the platform keeps exact decimal strings with two places. */
export function toDecimal(amount: number): string {
  return amount.toFixed(2);
}

export function toOcdsValue(amount: string, currency: string | null): OcdsValue {
  return currency ? { amount: Number(amount), currency } : { amount: Number(amount) };
}

/** The platform keeps one line of address; OCDS splits it, and the export writes it back as the street address. */
export function addressText(party: OcdsParty): string | null {
  const a = party.address ?? {};
  const text = [a.streetAddress, a.locality, a.region, a.postalCode, a.countryName].filter((part) => part?.trim()).join(', ');
  return text || null;
}

/** OCDS tender.status for a platform stage: planning until the tender opens, active while bids come in and are evaluated, complete once awarded. */
export function tenderStatus(stage: ProcurementStage): string {
  switch (stage) {
    case ProcurementStage.PLANNING:
    case ProcurementStage.TENDER_PREPARATION:
      return 'planning';
    case ProcurementStage.TENDER_OPEN:
    case ProcurementStage.EVALUATION:
      return 'active';
    default:
      return 'complete';
  }
}

/** Bids that are offers the authority received: invitations and withdrawn bids are not. */
export function isReceivedBid(status: string | undefined): boolean {
  return status !== 'invited' && status !== 'withdrawn';
}

/** Awards that stand: a cancelled or unsuccessful award gave nobody the contract. */
export function isStandingAward(status: string | undefined): boolean {
  return status !== 'cancelled' && status !== 'unsuccessful';
}

/**
 * The platform organisation kind each party of a release plays, from its roles and from where
 * the release refers to it. A party can collect several kinds (an error the import reports);
 * parties playing none of the platform's parts (a payer, a review body) get none and are left out.
 */
export function partyKinds(release: OcdsRelease): Map<string, Set<OrganisationKind>> {
  const kinds = new Map<string, Set<OrganisationKind>>();
  const add = (id: string | number | undefined, kind: OrganisationKind) => {
    if (id === undefined) return;
    const set = kinds.get(String(id)) ?? new Set<OrganisationKind>();
    set.add(kind);
    kinds.set(String(id), set);
  };
  for (const party of release.parties ?? []) {
    for (const role of party.roles ?? []) {
      if (role === 'buyer') add(party.id, OrganisationKind.CONTRACTING_AUTHORITY);
      if (role === 'tenderer' || role === 'supplier') add(party.id, OrganisationKind.BIDDER);
      if (role === MONITOR_ROLE) add(party.id, OrganisationKind.MONITOR);
      if (role === IMPLEMENTER_ROLE) add(party.id, OrganisationKind.IP_IMPLEMENTER);
    }
  }
  add(release.buyer?.id, OrganisationKind.CONTRACTING_AUTHORITY);
  for (const tenderer of release.tender?.tenderers ?? []) add(tenderer.id, OrganisationKind.BIDDER);
  for (const bid of release.bids?.details ?? []) for (const tenderer of bid.tenderers) add(tenderer.id, OrganisationKind.BIDDER);
  for (const award of release.awards ?? []) for (const supplier of award.suppliers ?? []) add(supplier.id, OrganisationKind.BIDDER);
  return kinds;
}

/** The party that becomes the procurement's contracting authority: `buyer`, or else the one party with the buyer role. */
export function buyerId(release: OcdsRelease): string | null {
  if (release.buyer) return String(release.buyer.id);
  const buyers = (release.parties ?? []).filter((p) => p.roles?.includes('buyer'));
  return buyers.length === 1 ? String(buyers[0].id) : null;
}

/**
 * How a bidder came to take part: as the extension says; else invited when one of its bids is an
 * invitation or the method only admits invited bidders; else registered (an open tender).
 */
export function participationOf(release: OcdsRelease, party: OcdsParty): Participation {
  if (party.pactwatch?.participation) return party.pactwatch.participation as Participation;
  const invitedBid = (release.bids?.details ?? []).some((bid) => bid.status === 'invited' && bid.tenderers.some((t) => String(t.id) === String(party.id)));
  const byInvitation = ['selective', 'limited', 'direct'].includes(release.tender?.procurementMethod ?? '');
  return invitedBid || byInvitation ? Participation.INVITED : Participation.REGISTERED;
}

/** Leaves out absent fields, as OCDS publishers do rather than writing nulls, and as an import reads "unchanged". */
export function definedOnly<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
