import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppAbility } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import type { ProcurementStage } from '../procurements/procurement-stage.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { SIGN_OFF_FIELDS } from './sign-off-access.js';
import { StageSignOff } from './stage-sign-off.entity.js';

/** Every statement of the sign-offs feature; each runs in the manager it is given. */
@Injectable()
export class SignOffsRepository {
  /** The procurement, its row locked until the transaction ends, so a second decision sees the first. */
  lockProcurement(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneOrFail(Procurement, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  signOffOf(tx: EntityManager, procurementId: string, stage: ProcurementStage): Promise<StageSignOff | null> {
    return tx.findOneBy(StageSignOff, { procurementId, stage });
  }

  insert(tx: EntityManager, fields: Pick<StageSignOff, 'procurementId' | 'stage' | 'decision' | 'reason' | 'monitorId' | 'signedBy'>): Promise<StageSignOff> {
    return tx.save(tx.create(StageSignOff, fields));
  }

  /** The sign-offs the ability may read for many procurements, in stage order. */
  visibleSignOffs(tx: EntityManager, ability: AppAbility, procurementIds: readonly string[]): Promise<StageSignOff[]> {
    const visible = accessibleSql(ability, 'read', 'StageSignOff', SIGN_OFF_FIELDS);
    return tx
      .getRepository(StageSignOff)
      .createQueryBuilder('s')
      .innerJoin(Procurement, 'p', 'p.id = s.procurement_id')
      .where('s.procurement_id = ANY(:procurementIds)', { procurementIds })
      .andWhere(visible.where, visible.parameters)
      .orderBy('s.stage')
      .getMany();
  }
}
