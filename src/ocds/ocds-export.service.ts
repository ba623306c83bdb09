import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Organisation } from '../accounts/organisation.entity.js';
import { defineAbilityFor } from '../authorization/ability.factory.js';
import { requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import type { PactVersion } from '../pacts/pact-version.entity.js';
import { sha256Hex } from '../pacts/pact-content.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import type { Award } from '../tendering/award.entity.js';
import type { Bid } from '../tendering/bid.entity.js';
import type { ContractAmendment } from '../tendering/contract-amendment.entity.js';
import { currentContractValue } from '../tendering/contract-value.js';
import type { Contract } from '../tendering/contract.entity.js';
import { EXTENSION_PATH } from './ocds-extension.js';
import { IMPLEMENTER_ROLE, MONITOR_ROLE, definedOnly, platformOcid, splitIdentifier, tenderStatus, toOcdsValue } from './ocds-mapping.js';
import { OcdsRepository, type ProcurementData } from './ocds.repository.js';
import type { OcdsOrganizationReference, OcdsParty, OcdsRecordPackage, OcdsRelease, OcdsReleasePackage } from './ocds-release.js';

/** What anyone may read, signed in or not: the public record, which is all an export ever contains. */
const THE_PUBLIC = defineAbilityFor(null);

const ROLE_ORDER = ['buyer', 'tenderer', 'supplier', MONITOR_ROLE, IMPLEMENTER_ROLE];

/**
 * Exports procurements as OCDS 1.1 with the bids extension and the Pactwatch extension. Only
 * what the public may read goes out, decided by the CASL rules for a viewer who is not signed in:
 * the public registry is the procurements the public may read (those with a published pact
 * version), findings go out only when public; no internal note, authority response, evidence
 * file, user id or user email is ever included.
 */
@Injectable()
export class OcdsExportService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: OcdsRepository,
    private readonly access: ProcurementAccessService,
    private readonly clock: ClockService,
  ) {}

  /**
   * One procurement as a release package. Anyone may have those in the public record; one not yet
   * in it only those who may read all of its bids (its authority, monitor and implementer).
   */
  async releasePackage(viewer: Viewer, procurementId: string, baseUrl: string): Promise<OcdsReleasePackage> {
    const scope = (await this.access.scopes([procurementId])).get(procurementId);
    if (!scope) throw notFound('Procurement', procurementId);
    const mayReadAllBids = viewer.ability.can('read', asSubject('Bid', { ...scope, bidderId: null }));
    if (!THE_PUBLIC.can('read', asSubject('Procurement', { ...scope })) && !mayReadAllBids) requireAbility(viewer, 'read', 'Bid', { ...scope, bidderId: null });
    // The tender's own parties get every bid; anyone else what the public may read.
    const releases = await this.releasesOf([procurementId], baseUrl, mayReadAllBids ? viewer : null);
    return { ...this.packageMetadata(baseUrl, `/ocds/procurements/${procurementId}/release-package.json`), releases };
  }

  /** The whole public record as a record package: one record per procurement, its release linked and compiled. */
  async recordPackage(baseUrl: string): Promise<OcdsRecordPackage> {
    const ids = await this.publicRecord();
    const releases = await this.releasesOf(ids, baseUrl, null);
    const records = releases.map((release, index) => ({
      ocid: release.ocid,
      releases: [{ url: `${baseUrl}/ocds/procurements/${ids[index]}/release-package.json`, date: release.date, tag: release.tag }],
      compiledRelease: { ...release, tag: ['compiled'] },
    }));
    return { ...this.packageMetadata(baseUrl, '/ocds/record-package.json'), records };
  }

  /** Ids of the procurements anyone may read (those with a published pact), oldest first. */
  private publicRecord(): Promise<string[]> {
    return this.repository.readableProcurementIds(this.transactions.reader, THE_PUBLIC);
  }

  private packageMetadata(baseUrl: string, path: string) {
    return {
      uri: `${baseUrl}${path}`,
      version: '1.1' as const,
      publishedDate: this.clock.now().toISOString(),
      publisher: { name: 'Pactwatch', uri: baseUrl },
      extensions: [`${baseUrl}${EXTENSION_PATH}/extension.json`],
    };
  }

  /** Releases in the order of `ids`, in a number of queries that does not grow with it. */
  private async releasesOf(ids: string[], baseUrl: string, reader: Viewer | null): Promise<OcdsRelease[]> {
    // Bids, awards and contracts go out as far as the reader's rules allow; findings only as the public may read them.
    const data = await this.repository.releaseData(this.transactions.reader, ids, { tendering: reader?.ability ?? THE_PUBLIC, findings: THE_PUBLIC });
    const byId = new Map(data.procurements.map((p) => [p.id, p]));
    return ids.map((id) => releaseOf(byId.get(id)!, data, baseUrl));
  }
}

/** The id a party has in the exports: its registry identifier, which is the same on every installation, or else the platform's id. */
function partyId(organisation: Organisation): string {
  return organisation.identifier ?? organisation.id;
}

function reference(organisation: Organisation): OcdsOrganizationReference {
  return { id: partyId(organisation), name: organisation.name };
}

type TenderingRow = { id: string; ocdsId: string | null };
const byOcdsId = (row: TenderingRow) => row.ocdsId ?? row.id;
const byDateThenId = <T extends TenderingRow>(date: (row: T) => Date) => (a: T, b: T) => date(a).getTime() - date(b).getTime() || byOcdsId(a).localeCompare(byOcdsId(b));

function releaseOf(procurement: Procurement, data: ProcurementData, baseUrl: string): OcdsRelease {
  const organisation = (id: string) => data.organisations.get(id)!;
  const bidders = data.bidders.get(procurement.id) ?? [];
  const bids = [...(data.bids.get(procurement.id) ?? [])].sort(byDateThenId((b: Bid) => b.receivedAt));
  const awards = [...(data.awards.get(procurement.id) ?? [])].sort(byDateThenId((a: Award) => a.awardedAt));
  const contracts = [...(data.contracts.get(procurement.id) ?? [])].sort((a, b) => byOcdsId(a).localeCompare(byOcdsId(b)));
  const versions = data.pactVersions.get(procurement.id) ?? [];
  const findings = data.findings.get(procurement.id) ?? [];
  const transitions = data.transitions.get(procurement.id) ?? [];
  const awardOcdsId = new Map(awards.map((a) => [a.id, byOcdsId(a)]));

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
  const parties = [...roles]
    .map(([id, played]) => partyOf(organisation(id), [...played].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b)), participation.get(id)))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));

  const amendmentsOf = (contract: Contract) => [...(data.amendments.get(contract.id) ?? [])].sort(byDateThenId((a: ContractAmendment) => a.amendedAt));
  const tag = ['tender', ...(awards.length ? ['award'] : []), ...(contracts.length ? ['contract'] : []), ...(contracts.some((c) => amendmentsOf(c).length) ? ['contractAmendment'] : [])];
  const tenderers = bidders.map((b) => reference(organisation(b.bidderId))).sort((a, b) => String(a.id).localeCompare(String(b.id)));

  const release: Omit<OcdsRelease, 'id'> = {
    ocid: procurement.ocid ?? platformOcid(procurement.id),
    date: latest([
      procurement.updatedAt,
      ...bids.map((b) => b.createdAt), ...awards.map((a) => a.createdAt), ...contracts.map((c) => c.createdAt),
      ...contracts.flatMap((c) => amendmentsOf(c).map((a) => a.createdAt)),
      ...versions.map((v) => v.publishedAt), ...versions.flatMap((v) => (data.signatures.get(v.id) ?? []).map((s) => s.signedAt)),
      ...findings.map((f) => f.updatedAt), ...transitions.map((t) => t.occurredAt),
    ]).toISOString(),
    tag,
    initiationType: 'tender',
    parties,
    buyer: reference(organisation(procurement.authorityId)),
    tender: definedOnly({
      id: procurement.reference,
      title: procurement.title,
      description: procurement.description || undefined,
      status: tenderStatus(procurement.stage),
      procurementMethod: procurement.procurementMethod ?? undefined,
      value: procurement.estimatedValue !== null ? toOcdsValue(procurement.estimatedValue, procurement.currency) : undefined,
      tenderPeriod: procurement.tenderPeriodStart || procurement.tenderPeriodEnd
        ? definedOnly({ startDate: procurement.tenderPeriodStart?.toISOString(), endDate: procurement.tenderPeriodEnd?.toISOString() })
        : undefined,
      tenderers: tenderers.length ? tenderers : undefined,
    }),
    bids: bids.length
      ? {
          details: bids.map((bid) => definedOnly({
            id: byOcdsId(bid),
            date: bid.receivedAt.toISOString(),
            status: bid.disqualified ? ('disqualified' as const) : ('valid' as const),
            tenderers: [reference(organisation(bid.bidderId))],
            value: toOcdsValue(bid.amount, bid.currency),
            pactwatch: bid.disqualificationReason ? { disqualificationReason: bid.disqualificationReason } : undefined,
          })),
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
    pactwatch: definedOnly({
      stage: procurement.stage,
      stageHistory: transitions.length ? transitions.map((t) => ({ from: t.fromStage, to: t.toStage, date: t.occurredAt.toISOString() })) : undefined,
      sector: procurement.sector ?? undefined,
      area: procurement.area ?? undefined,
      pact: versions.length ? { versions: versions.map((version) => pactVersionOf(version, versions, data, baseUrl)) } : undefined,
      findings: findings.length
        ? findings.map((finding) => definedOnly({
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
          }))
        : undefined,
    }),
  };
  const withoutEmpty = definedOnly(release) as Omit<OcdsRelease, 'id'>;
  // Same content, same id: exporting twice without a change gives the same release.
  return { ...withoutEmpty, id: `${withoutEmpty.ocid}-${sha256Hex(canonicalize(withoutEmpty)!).slice(0, 16)}` } as OcdsRelease;
}

function partyOf(organisation: Organisation, roles: string[], participation: string | undefined): OcdsParty {
  return definedOnly({
    id: partyId(organisation),
    name: organisation.name,
    identifier: organisation.identifier ? splitIdentifier(organisation.identifier) : undefined,
    roles,
    pactwatch: organisation.country || participation
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
