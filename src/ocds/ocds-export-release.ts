import canonicalize from 'canonicalize';
import type { Organisation } from '../accounts/organisation.entity.js';
import type { Finding } from '../findings/finding.entity.js';
import type { PactVersion } from '../pacts/pact-version.entity.js';
import { sha256Hex } from '../pacts/pact-content.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import type { StageTransition } from '../procurements/stage-transition.entity.js';
import type { Award } from '../tendering/award.entity.js';
import type { Bid } from '../tendering/bid.entity.js';
import type { ContractAmendment } from '../tendering/contract-amendment.entity.js';
import { currentContractValue } from '../tendering/contract-value.js';
import type { Contract } from '../tendering/contract.entity.js';
import { IMPLEMENTER_ROLE, MONITOR_ROLE, definedOnly, platformOcid, splitIdentifier, tenderStatus, toOcdsValue } from './ocds-mapping.js';
import type { OcdsOrganizationReference, OcdsParty, OcdsRelease } from './ocds-release.js';
import type { ProcurementData } from './ocds.repository.js';

/** One procurement's OCDS release, drawn from rows already loaded: pure, so the same rows give the same release and id. */

const ROLE_ORDER = ['buyer', 'tenderer', 'supplier', MONITOR_ROLE, IMPLEMENTER_ROLE];

/** The id a party has in the exports: its registry identifier, which is the same on every installation, or else the platform's id. */
function partyId(organisation: Organisation): string {
  return organisation.identifier ?? organisation.id;
}

function reference(organisation: Organisation): OcdsOrganizationReference {
  return { id: partyId(organisation), name: organisation.name };
}

type TenderingRow = { id: string; ocdsId: string | null };
const byOcdsId = (row: TenderingRow) => row.ocdsId ?? row.id;
const byDateThenId =
  <T extends TenderingRow>(date: (row: T) => Date) =>
  (a: T, b: T) =>
    date(a).getTime() - date(b).getTime() || byOcdsId(a).localeCompare(byOcdsId(b));

/** The rows of one procurement, in the order the release lists them. */
interface ReleaseRows {
  procurement: Procurement;
  organisation: (id: string) => Organisation;
  bids: Bid[];
  awards: Award[];
  contracts: Contract[];
  amendmentsOf: (contract: Contract) => ContractAmendment[];
  versions: PactVersion[];
  findings: Finding[];
  transitions: StageTransition[];
}

export function releaseOf(procurement: Procurement, data: ProcurementData, baseUrl: string): OcdsRelease {
  const rows: ReleaseRows = {
    procurement,
    organisation: (id: string) => data.organisations.get(id)!,
    bids: [...(data.bids.get(procurement.id) ?? [])].sort(byDateThenId((b: Bid) => b.receivedAt)),
    awards: [...(data.awards.get(procurement.id) ?? [])].sort(byDateThenId((a: Award) => a.awardedAt)),
    contracts: [...(data.contracts.get(procurement.id) ?? [])].sort((a, b) => byOcdsId(a).localeCompare(byOcdsId(b))),
    amendmentsOf: (contract: Contract) => [...(data.amendments.get(contract.id) ?? [])].sort(byDateThenId((a: ContractAmendment) => a.amendedAt)),
    versions: data.pactVersions.get(procurement.id) ?? [],
    findings: data.findings.get(procurement.id) ?? [],
    transitions: data.transitions.get(procurement.id) ?? [],
  };
  const { bids, awards, contracts, amendmentsOf, versions, findings, transitions, organisation } = rows;
  const bidders = data.bidders.get(procurement.id) ?? [];
  const tag = [
    'tender',
    ...(awards.length ? ['award'] : []),
    ...(contracts.length ? ['contract'] : []),
    ...(contracts.some((c) => amendmentsOf(c).length) ? ['contractAmendment'] : []),
  ];
  const tenderers = bidders.map((b) => reference(organisation(b.bidderId))).sort((a, b) => String(a.id).localeCompare(String(b.id)));

  const release: Omit<OcdsRelease, 'id'> = {
    ocid: procurement.ocid ?? platformOcid(procurement.id),
    date: latest([
      procurement.updatedAt,
      ...bids.map((b) => b.createdAt),
      ...awards.map((a) => a.createdAt),
      ...contracts.map((c) => c.createdAt),
      ...contracts.flatMap((c) => amendmentsOf(c).map((a) => a.createdAt)),
      ...versions.map((v) => v.publishedAt),
      ...versions.flatMap((v) => (data.signatures.get(v.id) ?? []).map((s) => s.signedAt)),
      ...findings.map((f) => f.updatedAt),
      ...transitions.map((t) => t.occurredAt),
    ]).toISOString(),
    tag,
    initiationType: 'tender',
    parties: partiesOf(rows, data),
    buyer: reference(organisation(procurement.authorityId)),
    tender: tenderOf(procurement, tenderers),
    ...tenderingOf(rows),
    pactwatch: extensionOf(rows, data, baseUrl),
  };
  const withoutEmpty = definedOnly<Omit<OcdsRelease, 'id'>>(release);
  // Same content, same id: exporting twice without a change gives the same release.
  return { ...withoutEmpty, id: `${withoutEmpty.ocid}-${sha256Hex(canonicalize(withoutEmpty) ?? '').slice(0, 16)}` };
}

/** Every organisation that plays a part, with its roles in a fixed order. */
function partiesOf({ procurement, bids, awards, versions, findings, organisation }: ReleaseRows, data: ProcurementData): OcdsParty[] {
  const bidders = data.bidders.get(procurement.id) ?? [];
  const roles = new Map<string, Set<string>>();
  const play = (organisationId: string | null, role?: string) => {
    if (!organisationId) return;
    const set = roles.get(organisationId) ?? new Set<string>();
    if (role) set.add(role);
    roles.set(organisationId, set);
  };
  play(procurement.authorityId, 'buyer');
  for (const bidder of bidders) play(bidder.bidderId, 'tenderer');
  for (const bid of bids) play(bid.bidderId, 'tenderer');
  for (const award of awards) play(award.supplierId, 'supplier');
  play(procurement.monitorId, MONITOR_ROLE);
  play(procurement.implementerId, IMPLEMENTER_ROLE);
  // Signatories and the monitors of past findings are named in the extension, so they are parties too, with whatever part they still play.
  for (const version of versions) for (const signature of data.signatures.get(version.id) ?? []) play(signature.organisationId);
  for (const finding of findings) play(finding.monitorId);

  const participation = new Map(bidders.map((b) => [b.bidderId, b.participation]));
  return [...roles]
    .map(([id, played]) =>
      partyOf(
        organisation(id),
        [...played].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b)),
        participation.get(id),
      ),
    )
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

function tenderOf(procurement: Procurement, tenderers: OcdsOrganizationReference[]): OcdsRelease['tender'] {
  return definedOnly({
    id: procurement.reference,
    title: procurement.title,
    description: procurement.description || undefined,
    status: tenderStatus(procurement.stage),
    procurementMethod: procurement.procurementMethod ?? undefined,
    value: procurement.estimatedValue !== null ? toOcdsValue(procurement.estimatedValue, procurement.currency) : undefined,
    tenderPeriod:
      procurement.tenderPeriodStart || procurement.tenderPeriodEnd
        ? definedOnly({ startDate: procurement.tenderPeriodStart?.toISOString(), endDate: procurement.tenderPeriodEnd?.toISOString() })
        : undefined,
    tenderers: tenderers.length ? tenderers : undefined,
  });
}

/** Bids, awards and contracts with their amendments. */
function tenderingOf({ bids, awards, contracts, amendmentsOf, organisation }: ReleaseRows): Pick<OcdsRelease, 'bids' | 'awards' | 'contracts'> {
  const awardOcdsId = new Map(awards.map((a) => [a.id, byOcdsId(a)]));
  return {
    bids: bids.length
      ? {
          details: bids.map((bid) =>
            definedOnly({
              id: byOcdsId(bid),
              date: bid.receivedAt.toISOString(),
              status: bid.disqualified ? ('disqualified' as const) : ('valid' as const),
              tenderers: [reference(organisation(bid.bidderId))],
              value: toOcdsValue(bid.amount, bid.currency),
              pactwatch: bid.disqualificationReason ? { disqualificationReason: bid.disqualificationReason } : undefined,
            }),
          ),
        }
      : undefined,
    awards: awards.length
      ? awards.map((award) => ({
          id: byOcdsId(award),
          status: 'active' as const,
          date: award.awardedAt.toISOString(),
          value: toOcdsValue(award.amount, award.currency),
          suppliers: [reference(organisation(award.supplierId))],
        }))
      : undefined,
    contracts: contracts.length
      ? contracts.map((contract) => {
          const amendments = amendmentsOf(contract);
          return definedOnly({
            id: byOcdsId(contract),
            awardID: awardOcdsId.get(contract.awardId)!,
            status: contract.signedAt ? 'active' : 'pending',
            // OCDS `value` is what the contract is worth now; the extension keeps what was signed.
            value: toOcdsValue(currentContractValue(contract.value, amendments), contract.currency),
            dateSigned: contract.signedAt?.toISOString(),
            amendments: amendments.length
              ? amendments.map((amendment) => ({
                  id: byOcdsId(amendment),
                  date: amendment.amendedAt.toISOString(),
                  description: amendment.description,
                  pactwatch: { newValue: toOcdsValue(amendment.newValue, contract.currency) },
                }))
              : undefined,
            pactwatch: { signedValue: toOcdsValue(contract.value, contract.currency) },
          });
        })
      : undefined,
  };
}

/** The Pactwatch extension: stage and its history, the pact's versions and signatures, public findings. */
function extensionOf(
  { procurement, versions, findings, transitions, organisation }: ReleaseRows,
  data: ProcurementData,
  baseUrl: string,
): OcdsRelease['pactwatch'] {
  return definedOnly({
    stage: procurement.stage,
    stageHistory: transitions.length ? transitions.map((t) => ({ from: t.fromStage, to: t.toStage, date: t.occurredAt.toISOString() })) : undefined,
    sector: procurement.sector ?? undefined,
    area: procurement.area ?? undefined,
    pact: versions.length ? { versions: versions.map((version) => pactVersionOf(version, versions, data, baseUrl)) } : undefined,
    findings: findings.length
      ? findings.map((finding) =>
          definedOnly({
            id: finding.id,
            stage: finding.stage,
            kind: finding.kind,
            severity: finding.severity,
            title: finding.title,
            description: finding.description,
            status: finding.status,
            monitor: reference(organisation(finding.monitorId)),
            date: finding.createdAt.toISOString(),
            dateModified: finding.updatedAt.toISOString(),
            publishedInReport: finding.publishedInReportId ?? undefined,
          }),
        )
      : undefined,
  });
}

function partyOf(organisation: Organisation, roles: string[], participation: string | undefined): OcdsParty {
  return definedOnly({
    id: partyId(organisation),
    name: organisation.name,
    identifier: organisation.identifier ? splitIdentifier(organisation.identifier) : undefined,
    roles,
    pactwatch:
      organisation.country || participation
        ? definedOnly({ country: organisation.country ?? undefined, participation: participation as 'INVITED' | 'REGISTERED' | undefined })
        : undefined,
  });
}

function pactVersionOf(version: PactVersion, versions: PactVersion[], data: ProcurementData, baseUrl: string) {
  return {
    id: version.id,
    number: version.number,
    title: version.title,
    language: version.language,
    contentHash: version.contentHash,
    publishedAt: version.publishedAt.toISOString(),
    superseded: versions.some((later) => later.number > version.number),
    pdfUrl: `${baseUrl}/pacts/versions/${version.id}/pdf`,
    signatures: (data.signatures.get(version.id) ?? []).map((signature) => ({
      id: signature.id,
      organization: { id: partyId(data.organisations.get(signature.organisationId)!), name: signature.organisationName },
      party: signature.party,
      signerName: signature.signerName,
      signerTitle: signature.signerTitle,
      signedAt: signature.signedAt.toISOString(),
      versionHash: signature.versionHash,
      keyId: signature.keyId,
      payload: signature.payload,
      platformSignature: signature.platformSignature,
    })),
  };
}

function latest(dates: Date[]): Date {
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}
