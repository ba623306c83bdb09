import { Injectable } from '@nestjs/common';
import type { EntityManager, EntityTarget } from 'typeorm';
import { OrganisationKind } from '../authorization/roles.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { Award } from '../tendering/award.entity.js';
import { Bid } from '../tendering/bid.entity.js';
import { ContractAmendment } from '../tendering/contract-amendment.entity.js';
import { Contract } from '../tendering/contract.entity.js';
import type { ContractValues } from './ocds-compile.js';
import { assignChanged, type Guard, type PartyOrganisations, type UnitContext } from './ocds-import-context.js';
import { isReceivedBid, isStandingAward, participationOf, toDecimal } from './ocds-mapping.js';
import { locate } from './ocds-validation.js';
import { OcdsRepository, type TenderingRow } from './ocds.repository.js';

/** An OCDS import's bidders, bids, awards, contracts and amendments: added or updated, never deleted. */
@Injectable()
export class OcdsTenderingImportService {
  constructor(private readonly repository: OcdsRepository) {}

  async writeBidders(
    context: UnitContext,
    procurement: Procurement,
    organisations: PartyOrganisations,
    kinds: Map<string, Set<OrganisationKind>>,
    guard: Guard,
  ): Promise<boolean> {
    const { tx, unit } = context;
    const taking = new Set(await this.repository.bidderIdsOf(tx, procurement.id));
    let changed = false;
    for (const party of unit.compiled.parties ?? []) {
      const bidder = organisations.get(String(party.id));
      if (!bidder || !kinds.get(String(party.id))?.has(OrganisationKind.BIDDER) || taking.has(bidder.id)) continue;
      guard('manageBidders', 'Procurement', 'add bidders to the procurement');
      await this.repository.addBidder(tx, { procurementId: procurement.id, bidderId: bidder.id, participation: participationOf(unit.compiled, party) });
      taking.add(bidder.id);
      changed = true;
    }
    return changed;
  }

  async writeTendering(
    context: UnitContext,
    procurement: Procurement,
    organisations: PartyOrganisations,
    values: ContractValues,
    guard: Guard,
  ): Promise<boolean> {
    const { summary } = context;
    const organisationOf = (reference: { id: string | number }) => organisations.get(String(reference.id))!.id;
    const bids = await this.writeBids(context, procurement.id, organisationOf, guard);
    const awards = await this.writeAwards(context, procurement.id, organisationOf, guard);
    const contracts = await this.writeContracts(context, procurement.id, awards.rows, values, guard);
    summary.counts.bids += bids.count;
    summary.counts.awards += awards.count;
    summary.counts.contracts += contracts.count;
    return bids.changed || awards.changed || contracts.changed;
  }

  private async writeBids(context: UnitContext, procurementId: string, organisationOf: OrganisationOf, guard: Guard): Promise<Written<Bid>> {
    const { tx, unit, summary } = context;
    const bids = (unit.compiled.bids?.details ?? []).filter((bid) => {
      if (isReceivedBid(bid.status)) return true;
      const path = locate(unit.sources, (r) => (r.bids?.details ?? []).findIndex((b) => String(b.id) === String(bid.id)), 'bids/details');
      summary.skipped.push({ path, reason: `bid status ${bid.status}: not an offer received` });
      return false;
    });
    const written = await this.upsert(
      tx,
      Bid,
      ['Bid', 'a bid'],
      { procurementId },
      await this.repository.bidsOf(tx, procurementId),
      guard,
      bids.map((bid) => ({
        ocdsId: String(bid.id),
        fields: {
          bidderId: organisationOf(bid.tenderers[0]),
          amount: toDecimal(bid.value!.amount),
          currency: bid.value!.currency ?? null,
          receivedAt: new Date(bid.date!),
          disqualified: bid.status === 'disqualified',
          disqualificationReason: bid.status === 'disqualified' ? (bid.pactwatch?.disqualificationReason ?? null) : null,
        },
      })),
    );
    return { ...written, count: bids.length };
  }

  private async writeAwards(context: UnitContext, procurementId: string, organisationOf: OrganisationOf, guard: Guard): Promise<Written<Award>> {
    const { tx, unit, summary } = context;
    const awards = (unit.compiled.awards ?? []).filter((award) => {
      if (isStandingAward(award.status)) return true;
      const path = locate(unit.sources, (r) => (r.awards ?? []).findIndex((a) => String(a.id) === String(award.id)), 'awards');
      summary.skipped.push({ path, reason: `award status ${award.status}: nobody was given the contract` });
      return false;
    });
    const written = await this.upsert(
      tx,
      Award,
      ['Award', 'an award'],
      { procurementId },
      await this.repository.awardsOf(tx, procurementId),
      guard,
      awards.map((award) => ({
        ocdsId: String(award.id),
        fields: {
          supplierId: organisationOf(award.suppliers![0]),
          amount: toDecimal(award.value!.amount),
          currency: award.value!.currency ?? null,
          awardedAt: new Date(award.date!),
        },
      })),
    );
    return { ...written, count: awards.length };
  }

  /** Contracts and their amendments; a contract's value is the one it was signed at, amendments carry the new values. */
  private async writeContracts(
    context: UnitContext,
    procurementId: string,
    awardRows: Map<string, Award>,
    values: ContractValues,
    guard: Guard,
  ): Promise<Written<Contract>> {
    const { tx, unit, summary } = context;
    const contracts = unit.compiled.contracts ?? [];
    const written = await this.upsert(
      tx,
      Contract,
      ['Contract', 'a contract'],
      { procurementId },
      await this.repository.contractsOf(tx, procurementId),
      guard,
      contracts.map((contract) => {
        const signed = values.signed.get(String(contract.id))!;
        return {
          ocdsId: String(contract.id),
          fields: {
            awardId: awardRows.get(String(contract.awardID))!.id,
            value: toDecimal(signed.amount),
            currency: signed.currency ?? contract.value.currency ?? null,
            signedAt: contract.dateSigned ? new Date(contract.dateSigned) : null,
          },
        };
      }),
    );
    let amendmentsChanged = false;
    for (const contract of contracts) {
      const contractId = written.rows.get(String(contract.id))!.id;
      const newValues = values.amended.get(String(contract.id))!;
      const amendmentRows = await this.upsert(
        tx,
        ContractAmendment,
        ['Contract', 'a contract amendment'],
        { contractId },
        await this.repository.amendmentsOf(tx, contractId),
        guard,
        (contract.amendments ?? []).map((amendment) => ({
          ocdsId: String(amendment.id),
          fields: {
            amendedAt: new Date(amendment.date),
            description: amendment.description ?? amendment.rationale ?? '',
            newValue: toDecimal(newValues.get(String(amendment.id))!.amount),
          },
        })),
      );
      amendmentsChanged ||= amendmentRows.changed;
      summary.counts.amendments += contract.amendments?.length ?? 0;
    }
    return { rows: written.rows, changed: written.changed || amendmentsChanged, count: contracts.length };
  }

  /**
   * Inserts the rows not there yet and updates those that differ, matching on the OCDS id (or on
   * the platform id, the OCDS id its exports gave rows created on the platform).
   */
  private async upsert<T extends TenderingRow>(
    tx: EntityManager,
    entity: EntityTarget<T>,
    [subject, noun]: ['Bid' | 'Award' | 'Contract', string],
    parent: Partial<T>,
    current: T[],
    guard: Guard,
    wanted: Array<{ ocdsId: string; fields: Partial<T> }>,
  ): Promise<{ rows: Map<string, T>; changed: boolean }> {
    const byOcdsId = new Map(current.map((row) => [row.ocdsId ?? row.id, row]));
    const rows = new Map<string, T>();
    let changed = false;
    for (const { ocdsId, fields } of wanted) {
      let row = byOcdsId.get(ocdsId);
      if (!row) {
        guard('create', subject, `record ${noun}`);
        row = await this.repository.createTendering(tx, entity, { ...parent, ...fields, ocdsId });
        changed = true;
      } else if (assignChanged(row, fields)) {
        guard('update', subject, `change ${noun}`);
        await this.repository.saveTendering(tx, row);
        changed = true;
      }
      rows.set(ocdsId, row);
    }
    return { rows, changed };
  }
}

type OrganisationOf = (reference: { id: string | number }) => string;

interface Written<T> {
  rows: Map<string, T>;
  changed: boolean;
  /** How many objects of the package this part took in. */
  count: number;
}
