import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import type { OrganisationKind } from '../authorization/roles.js';
import { FINDING_FIELDS } from '../findings/finding-access.js';
import { Finding } from '../findings/finding.entity.js';
import { groupBy } from '../graphql/loaders.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';
import { ProcurementBidder } from '../procurements/procurement-bidder.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';
import { Signature } from '../signatures/signature.entity.js';
import { Award } from '../tendering/award.entity.js';
import { Bid } from '../tendering/bid.entity.js';
import { ContractAmendment } from '../tendering/contract-amendment.entity.js';
import { Contract } from '../tendering/contract.entity.js';

/** Everything the releases of a set of procurements are made of, grouped by procurement (amendments by contract, signatures by version). */
export interface ProcurementData {
  procurements: Procurement[];
  organisations: Map<string, Organisation>;
  bidders: Map<string, ProcurementBidder[]>;
  bids: Map<string, Bid[]>;
  awards: Map<string, Award[]>;
  contracts: Map<string, Contract[]>;
  amendments: Map<string, ContractAmendment[]>;
  pactVersions: Map<string, PactVersion[]>;
  signatures: Map<string, Signature[]>;
  findings: Map<string, Finding[]>;
  transitions: Map<string, StageTransition[]>;
}

/** Who reads an export: the rules for bids, awards and contracts, and those for findings. */
export interface ExportReaders {
  tendering: AppAbility;
  findings: AppAbility;
}

/** The rows an import matches OCDS objects against: bids, awards, contracts and amendments. */
export type TenderingRow = Bid | Award | Contract | ContractAmendment;

/** Every statement of the OCDS import and export. */
@Injectable()
export class OcdsRepository {
  // --- import -------------------------------------------------------------------------------

  lockProcurementByOcid(tx: EntityManager, ocid: string): Promise<Procurement | null> {
    return tx.findOne(Procurement, { where: { ocid }, lock: { mode: 'pessimistic_write' } });
  }

  /** A platform procurement that no import has given an ocid yet. */
  lockProcurementWithoutOcid(tx: EntityManager, procurementId: string): Promise<Procurement | null> {
    return tx.findOne(Procurement, { where: { id: procurementId, ocid: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  procurementByReference(tx: EntityManager, reference: string): Promise<Procurement | null> {
    return tx.findOneBy(Procurement, { reference });
  }

  createProcurement(tx: EntityManager, fields: Partial<Procurement>): Promise<Procurement> {
    return tx.save(tx.create(Procurement, fields));
  }

  saveProcurement(tx: EntityManager, procurement: Procurement): Promise<Procurement> {
    return tx.save(procurement);
  }

  organisationByIdentifier(tx: EntityManager, identifier: string): Promise<Organisation | null> {
    return tx.findOneBy(Organisation, { identifier });
  }

  /** The oldest organisation of `kind` with this name, whatever its case; with `withoutIdentifier`, only among those that have none. */
  organisationByName(tx: EntityManager, kind: OrganisationKind, name: string, withoutIdentifier: boolean): Promise<Organisation | null> {
    const byName = tx
      .createQueryBuilder(Organisation, 'o')
      .where('o.kind = :kind AND lower(o.name) = lower(:name)', { kind, name })
      .orderBy('o.created_at')
      .addOrderBy('o.id');
    if (withoutIdentifier) byName.andWhere('o.identifier IS NULL');
    return byName.getOne();
  }

  createOrganisation(tx: EntityManager, fields: Partial<Organisation>): Promise<Organisation> {
    return tx.save(tx.create(Organisation, fields));
  }

  saveOrganisation(tx: EntityManager, organisation: Organisation): Promise<Organisation> {
    return tx.save(organisation);
  }

  async bidderIdsOf(tx: EntityManager, procurementId: string): Promise<string[]> {
    return (await tx.findBy(ProcurementBidder, { procurementId })).map((b) => b.bidderId);
  }

  async addBidder(tx: EntityManager, bidder: Pick<ProcurementBidder, 'procurementId' | 'bidderId' | 'participation'>): Promise<void> {
    await tx.insert(ProcurementBidder, bidder);
  }

  bidsOf(tx: EntityManager, procurementId: string): Promise<Bid[]> {
    return tx.findBy(Bid, { procurementId });
  }

  awardsOf(tx: EntityManager, procurementId: string): Promise<Award[]> {
    return tx.findBy(Award, { procurementId });
  }

  contractsOf(tx: EntityManager, procurementId: string): Promise<Contract[]> {
    return tx.findBy(Contract, { procurementId });
  }

  amendmentsOf(tx: EntityManager, contractId: string): Promise<ContractAmendment[]> {
    return tx.findBy(ContractAmendment, { contractId });
  }

  createTendering<T extends TenderingRow>(tx: EntityManager, entity: EntityTarget<T>, fields: Partial<T>): Promise<T> {
    return tx.save(tx.create(entity, fields as T));
  }

  async saveTendering<T extends TenderingRow>(tx: EntityManager, row: T): Promise<void> {
    await tx.save(row);
  }

  // --- export -------------------------------------------------------------------------------

  /** Ids of the procurements `reader` may read, oldest first. */
  async readableProcurementIds(tx: EntityManager, reader: AppAbility): Promise<string[]> {
    const visible = accessibleSql(reader, 'read', 'Procurement', PROCUREMENT_SCOPE_SQL);
    const rows = await tx
      .createQueryBuilder(Procurement, 'p')
      .select('p.id', 'id')
      .where(visible.where, visible.parameters)
      .orderBy('p.created_at')
      .addOrderBy('p.id')
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Everything the releases of `ids` are made of, in a number of queries that does not grow with it. */
  async releaseData(tx: EntityManager, ids: string[], readers: ExportReaders): Promise<ProcurementData> {
    const procurementId = In(ids);
    const [procurements, bidders, bids, awards, contracts, pacts, transitions, findings] = await Promise.all([
      tx.findBy(Procurement, { id: procurementId }),
      tx.findBy(ProcurementBidder, { procurementId }),
      this.readableTendering(tx, Bid, ids, readers.tendering, 'Bid', 'bidder_id'),
      this.readableTendering(tx, Award, ids, readers.tendering, 'Award', 'supplier_id'),
      this.readableTendering(tx, Contract, ids, readers.tendering, 'Contract'),
      tx.findBy(Pact, { procurementId }),
      tx.find(StageTransition, { where: { procurementId }, order: { occurredAt: 'ASC' } }),
      this.readableFindings(tx, ids, readers.findings),
    ]);
    const pactProcurement = new Map(pacts.map((pact) => [pact.id, pact.procurementId]));
    const [amendments, versions] = await Promise.all([
      tx.findBy(ContractAmendment, { contractId: In(contracts.map((c) => c.id)) }),
      tx.find(PactVersion, { where: { pactId: In([...pactProcurement.keys()]) }, order: { number: 'ASC' } }),
    ]);
    const signatures = await tx.find(Signature, { where: { pactVersionId: In(versions.map((v) => v.id)) }, order: { signedAt: 'ASC' } });
    const organisationIds = new Set<string>([
      ...procurements.flatMap((p) => [p.authorityId, p.monitorId, p.implementerId].filter((id): id is string => id !== null)),
      ...bidders.map((b) => b.bidderId),
      ...bids.map((b) => b.bidderId),
      ...awards.map((a) => a.supplierId),
      ...signatures.map((s) => s.organisationId),
      ...findings.map((f) => f.monitorId),
    ]);
    const organisations = await tx.findBy(Organisation, { id: In([...organisationIds]) });
    return {
      procurements,
      organisations: new Map(organisations.map((o) => [o.id, o])),
      bidders: groupBy(bidders, (b) => b.procurementId),
      bids: groupBy(bids, (b) => b.procurementId),
      awards: groupBy(awards, (a) => a.procurementId),
      contracts: groupBy(contracts, (c) => c.procurementId),
      amendments: groupBy(amendments, (a) => a.contractId),
      pactVersions: groupBy(versions, (v) => pactProcurement.get(v.pactId)!),
      signatures: groupBy(signatures, (s) => s.pactVersionId),
      findings: groupBy(findings, (f) => f.procurementId),
      transitions: groupBy(transitions, (t) => t.procurementId),
    };
  }

  /** Bids, awards or contracts of the procurements as far as the reader's rules allow (for the public: from the award on). */
  readableTendering<T extends ObjectLiteral>(
    tx: EntityManager,
    entity: EntityTarget<T>,
    ids: string[],
    reader: AppAbility,
    subject: 'Bid' | 'Award' | 'Contract',
    bidderColumn?: 'bidder_id' | 'supplier_id',
  ): Promise<T[]> {
    const visible = accessibleSql(reader, 'read', subject, { ...PROCUREMENT_SCOPE_SQL, ...(bidderColumn ? { bidderId: `t.${bidderColumn}` } : {}) });
    return tx
      .createQueryBuilder(entity, 't')
      .innerJoin(Procurement, 'p', 'p.id = t.procurement_id')
      .where('t.procurement_id = ANY(:ids)', { ids })
      .andWhere(visible.where, visible.parameters)
      .getMany();
  }

  /** Findings of the procurements exactly as the reader may read them, oldest first. */
  readableFindings(tx: EntityManager, ids: string[], reader: AppAbility): Promise<Finding[]> {
    const visible = accessibleSql(reader, 'read', 'Finding', FINDING_FIELDS);
    return tx
      .createQueryBuilder(Finding, 'f')
      .innerJoin(Procurement, 'p', 'p.id = f.procurement_id')
      .where('f.procurement_id = ANY(:ids)', { ids })
      .andWhere(visible.where, visible.parameters)
      .orderBy('f.created_at')
      .addOrderBy('f.id')
      .getMany();
  }
}
