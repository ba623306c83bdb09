import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppAbility, SubjectType } from '../authorization/ability.factory.js';
import { accessibleSql, type FieldSql } from '../authorization/accessible-sql.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';
import { Award } from './award.entity.js';
import { Bid } from './bid.entity.js';
import { ContractAmendment } from './contract-amendment.entity.js';
import { Contract } from './contract.entity.js';

/** Every statement of the tendering feature; each runs in the manager it is given. */
@Injectable()
export class TenderingRepository {
  procurement(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneByOrFail(Procurement, { id });
  }

  bid(tx: EntityManager, id: string): Promise<Bid | null> {
    return tx.findOneBy(Bid, { id });
  }

  /** The bid, its row locked until the transaction ends. */
  lockBid(tx: EntityManager, id: string): Promise<Bid> {
    return tx.findOneOrFail(Bid, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insertBid(tx: EntityManager, fields: Partial<Bid>): Promise<Bid> {
    return tx.save(tx.create(Bid, fields));
  }

  saveBid(tx: EntityManager, bid: Bid): Promise<Bid> {
    return tx.save(bid);
  }

  award(tx: EntityManager, id: string): Promise<Award | null> {
    return tx.findOneBy(Award, { id });
  }

  insertAward(tx: EntityManager, fields: Partial<Award>): Promise<Award> {
    return tx.save(tx.create(Award, fields));
  }

  contract(tx: EntityManager, id: string): Promise<Contract | null> {
    return tx.findOneBy(Contract, { id });
  }

  insertContract(tx: EntityManager, fields: Partial<Contract>): Promise<Contract> {
    return tx.save(tx.create(Contract, fields));
  }

  amendmentsOfContract(tx: EntityManager, contractId: string): Promise<ContractAmendment[]> {
    return tx.findBy(ContractAmendment, { contractId });
  }

  insertAmendment(tx: EntityManager, fields: Partial<ContractAmendment>): Promise<ContractAmendment> {
    return tx.save(tx.create(ContractAmendment, fields));
  }

  /** Bids of many procurements that the ability may read (a bidder: only its own), in order of receipt. */
  visibleBids(tx: EntityManager, ability: AppAbility, procurementIds: readonly string[]): Promise<Bid[]> {
    return visibleRows(tx, ability, Bid, 'Bid', 'b', procurementIds, { bidderId: 'b.bidder_id' }, 'b.received_at');
  }

  visibleAwards(tx: EntityManager, ability: AppAbility, procurementIds: readonly string[]): Promise<Award[]> {
    return visibleRows(tx, ability, Award, 'Award', 'a', procurementIds, {}, 'a.awarded_at');
  }

  visibleContracts(tx: EntityManager, ability: AppAbility, procurementIds: readonly string[]): Promise<Contract[]> {
    return visibleRows(tx, ability, Contract, 'Contract', 'c', procurementIds, {}, 'c.signed_at');
  }

  /** Amendments of many contracts, in the order they were made. */
  amendmentsOf(tx: EntityManager, contractIds: readonly string[]): Promise<ContractAmendment[]> {
    return tx
      .getRepository(ContractAmendment)
      .createQueryBuilder('m')
      .where('m.contract_id = ANY(:ids)', { ids: [...contractIds] })
      .orderBy('m.amended_at')
      .addOrderBy('m.created_at')
      .getMany();
  }
}

/** Rows of one tendering table for many procurements, filtered in SQL by the ability's read rules. */
function visibleRows<T extends { procurementId: string }>(
  tx: EntityManager,
  ability: AppAbility,
  entity: new () => T,
  subject: Exclude<SubjectType, 'all'>,
  alias: string,
  procurementIds: readonly string[],
  ownFields: Record<string, FieldSql>,
  orderBy: string,
): Promise<T[]> {
  const visible = accessibleSql(ability, 'read', subject, { ...PROCUREMENT_SCOPE_SQL, ...ownFields });
  return tx
    .getRepository(entity)
    .createQueryBuilder(alias)
    .innerJoin(Procurement, 'p', `p.id = ${alias}.procurement_id`)
    .where(`${alias}.procurement_id = ANY(:ids)`, { ids: [...procurementIds] })
    .andWhere(visible.where, visible.parameters)
    .orderBy(orderBy, 'ASC', 'NULLS LAST')
    .addOrderBy(`${alias}.created_at`)
    .getMany();
}
