import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, type AuditRecord } from '../audit/audit.service.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { ProcurementEventsService } from '../events/procurement-events.service.js';
import type { Award } from './award.entity.js';
import type { Bid } from './bid.entity.js';
import type { ContractAmendment } from './contract-amendment.entity.js';
import { currentContractValue } from './contract-value.js';
import type { Contract } from './contract.entity.js';
import type { AmendContractInput } from './inputs/amend-contract.input.js';
import type { DisqualifyBidInput } from './inputs/disqualify-bid.input.js';
import type { RecordAwardInput } from './inputs/record-award.input.js';
import type { RecordBidInput } from './inputs/record-bid.input.js';
import type { RecordContractInput } from './inputs/record-contract.input.js';
import { TenderingRepository } from './tendering.repository.js';
import { amendedBeforeSigning, bidAlreadyDisqualified, notTakingPart, signedBeforeAward } from './tendering.errors.js';

/**
 * The authority's record of the competition: bids as received, disqualifications, the award,
 * the contract and its amendments. Each change announces ProcurementFactsChanged, on which the
 * procurement's red flags are recomputed in the same transaction, so the monitor never reads
 * flags computed from data that is not there.
 */
export interface TenderLedger {
  bids: Bid[];
  awards: Award[];
  contracts: Array<{ contract: Contract; amendments: ContractAmendment[] }>;
}

@Injectable()
export class TenderingService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly tendering: TenderingRepository,
    private readonly access: ProcurementAccessService,
    private readonly audit: AuditService,
    private readonly procurementEvents: ProcurementEventsService,
  ) {}

  async recordBid(viewer: Viewer, input: RecordBidInput): Promise<Bid> {
    const scope = await this.access.require(viewer, 'create', 'Bid', input.procurementId, { bidderId: input.bidderId });
    if (!scope.bidderIds.includes(input.bidderId)) throw notTakingPart('bidderId');
    return this.transactions.run(async (tx) => {
      const procurement = await this.tendering.procurement(tx, input.procurementId);
      const bid = await this.tendering.insertBid(tx, {
        procurementId: procurement.id,
        bidderId: input.bidderId,
        amount: input.amount,
        currency: input.currency ?? procurement.currency,
        receivedAt: input.receivedAt,
        disqualified: false,
        disqualificationReason: null,
      });
      // Red flags before the audit entry: the audit chain's lock is the last one a transaction takes.
      await this.recordChange(tx, {
        actorId: actorId(viewer),
        action: 'bid.recorded',
        subjectType: 'Bid',
        subjectId: bid.id,
        procurementId: procurement.id,
        data: { bidderId: bid.bidderId, amount: bid.amount, currency: bid.currency, receivedAt: bid.receivedAt },
      });
      return bid;
    });
  }

  async disqualifyBid(viewer: Viewer, input: DisqualifyBidInput): Promise<Bid> {
    const found = await this.tendering.bid(this.transactions.reader, input.bidId);
    if (!found) throw notFound('Bid', input.bidId);
    await this.access.require(viewer, 'update', 'Bid', found.procurementId, { bidderId: found.bidderId });
    return this.transactions.run(async (tx) => {
      const bid = await this.tendering.lockBid(tx, input.bidId);
      if (bid.disqualified) throw bidAlreadyDisqualified(bid.id);
      bid.disqualified = true;
      bid.disqualificationReason = input.reason.trim();
      await this.tendering.saveBid(tx, bid);
      await this.recordChange(tx, {
        actorId: actorId(viewer),
        action: 'bid.disqualified',
        subjectType: 'Bid',
        subjectId: bid.id,
        procurementId: bid.procurementId,
        data: { bidderId: bid.bidderId, reason: bid.disqualificationReason },
      });
      return bid;
    });
  }

  async recordAward(viewer: Viewer, input: RecordAwardInput): Promise<Award> {
    const scope = await this.access.require(viewer, 'create', 'Award', input.procurementId);
    if (!scope.bidderIds.includes(input.supplierId)) throw notTakingPart('supplierId');
    return this.transactions.run(async (tx) => {
      const procurement = await this.tendering.procurement(tx, input.procurementId);
      const award = await this.tendering.insertAward(tx, {
        procurementId: procurement.id,
        supplierId: input.supplierId,
        amount: input.amount,
        currency: input.currency ?? procurement.currency,
        awardedAt: input.awardedAt,
      });
      await this.recordChange(tx, {
        actorId: actorId(viewer),
        action: 'award.recorded',
        subjectType: 'Award',
        subjectId: award.id,
        procurementId: procurement.id,
        data: { supplierId: award.supplierId, amount: award.amount, currency: award.currency, awardedAt: award.awardedAt },
      });
      return award;
    });
  }

  async recordContract(viewer: Viewer, input: RecordContractInput): Promise<Contract> {
    const award = await this.tendering.award(this.transactions.reader, input.awardId);
    if (!award) throw notFound('Award', input.awardId);
    await this.access.require(viewer, 'create', 'Contract', award.procurementId);
    if (input.signedAt < award.awardedAt) throw signedBeforeAward(award.awardedAt);
    return this.transactions.run(async (tx) => {
      const contract = await this.tendering.insertContract(tx, {
        procurementId: award.procurementId,
        awardId: award.id,
        value: input.value,
        currency: input.currency ?? award.currency,
        signedAt: input.signedAt,
      });
      await this.recordChange(tx, {
        actorId: actorId(viewer),
        action: 'contract.recorded',
        subjectType: 'Contract',
        subjectId: contract.id,
        procurementId: award.procurementId,
        data: { awardId: award.id, value: contract.value, currency: contract.currency, signedAt: contract.signedAt },
      });
      return contract;
    });
  }

  async amendContract(viewer: Viewer, input: AmendContractInput): Promise<ContractAmendment> {
    const contract = await this.tendering.contract(this.transactions.reader, input.contractId);
    if (!contract) throw notFound('Contract', input.contractId);
    await this.access.require(viewer, 'update', 'Contract', contract.procurementId);
    if (contract.signedAt && input.amendedAt < contract.signedAt) throw amendedBeforeSigning(contract.signedAt);
    return this.transactions.run(async (tx) => {
      const earlier = await this.tendering.amendmentsOfContract(tx, contract.id);
      const amendment = await this.tendering.insertAmendment(tx, {
        contractId: contract.id,
        amendedAt: input.amendedAt,
        description: input.description.trim(),
        newValue: input.newValue,
      });
      await this.recordChange(tx, {
        actorId: actorId(viewer),
        action: 'contract.amended',
        subjectType: 'Contract',
        subjectId: contract.id,
        procurementId: contract.procurementId,
        data: {
          amendmentId: amendment.id,
          amendedAt: amendment.amendedAt,
          description: amendment.description,
          previousValue: currentContractValue(contract.value, earlier),
          newValue: amendment.newValue,
        },
      });
      return amendment;
    });
  }

  /** Bids of many procurements at once; a bidder only ever gets its own. */
  async bidsOf(viewer: Viewer, procurementIds: readonly string[]): Promise<Map<string, Bid[]>> {
    return groupBy(await this.tendering.visibleBids(this.transactions.reader, viewer.ability, procurementIds), (row) => row.procurementId);
  }

  async awardsOf(viewer: Viewer, procurementIds: readonly string[]): Promise<Map<string, Award[]>> {
    return groupBy(await this.tendering.visibleAwards(this.transactions.reader, viewer.ability, procurementIds), (row) => row.procurementId);
  }

  async contractsOf(viewer: Viewer, procurementIds: readonly string[]): Promise<Map<string, Contract[]>> {
    return groupBy(await this.tendering.visibleContracts(this.transactions.reader, viewer.ability, procurementIds), (row) => row.procurementId);
  }

  /** A procurement's tender as its authority records it: bids, awards, contracts and their amendments, in four statements. */
  async ledger(viewer: Viewer, procurementId: string): Promise<TenderLedger> {
    const [bids, awards, contracts] = await Promise.all([
      this.bidsOf(viewer, [procurementId]),
      this.awardsOf(viewer, [procurementId]),
      this.contractsOf(viewer, [procurementId]),
    ]);
    const ofProcurement = contracts.get(procurementId) ?? [];
    const amendments = ofProcurement.length ? await this.amendmentsOf(ofProcurement.map((c) => c.id)) : new Map<string, ContractAmendment[]>();
    return {
      bids: bids.get(procurementId) ?? [],
      awards: awards.get(procurementId) ?? [],
      contracts: ofProcurement.map((contract) => ({ contract, amendments: amendments.get(contract.id) ?? [] })),
    };
  }

  /** Amendments of contracts the viewer has already been allowed to read. */
  async amendmentsOf(contractIds: readonly string[]): Promise<Map<string, ContractAmendment[]>> {
    return groupBy(await this.tendering.amendmentsOf(this.transactions.reader, contractIds), (row) => row.contractId);
  }

  /**
   * Every tendering change ends the same way: red flags read the new data, then the audit entry.
   * In that order, so the audit chain's lock is the last one the transaction takes.
   */
  private async recordChange(tx: EntityManager, entry: AuditRecord & { procurementId: string }): Promise<void> {
    await this.procurementEvents.factsChanged(tx, entry.procurementId);
    await this.audit.append(tx, entry);
  }
}
