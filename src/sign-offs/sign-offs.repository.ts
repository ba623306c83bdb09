import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppAbility } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import type { ProcurementStage } from '../procurements/procurement-stage.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';
import { SIGN_OFF_FIELDS } from './sign-off-access.js';
import { StageSignOff } from './stage-sign-off.entity.js';

/** A stage a procurement moved into that its monitor has neither signed off nor objected to. */
export interface WaitingStage {
  procurementId: string;
  reference: string;
  procurementTitle: string;
  stage: ProcurementStage;
  reachedAt: Date;
}

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

  /**
   * Stages moved into (PLANNING is where every procurement starts) without a decision, on the
   * procurements where `ability` may sign off, oldest first; one query whatever the page's length.
   */
  async waitingPage(
    tx: EntityManager,
    ability: AppAbility,
    page: { limit: number; offset: number },
    procurementId?: string,
  ): Promise<[WaitingStage[], number]> {
    const allowed = accessibleSql(ability, 'create', 'StageSignOff', SIGN_OFF_FIELDS);
    const query = tx
      .createQueryBuilder(StageTransition, 't')
      .innerJoin(Procurement, 'p', 'p.id = t.procurement_id')
      .select(['p.id AS "procurementId"', 'p.reference AS reference', 'p.title AS "procurementTitle"', 't.to_stage AS stage', 't.occurred_at AS "reachedAt"'])
      .addSelect('count(*) OVER ()::int', 'total')
      .where("t.to_stage <> 'PLANNING'")
      .andWhere('NOT EXISTS (SELECT 1 FROM stage_sign_offs s WHERE s.procurement_id = t.procurement_id AND s.stage = t.to_stage)')
      .andWhere(allowed.where, allowed.parameters);
    if (procurementId) query.andWhere('p.id = :procurementId', { procurementId });
    const rows: Array<WaitingStage & { total: number }> = await query
      .orderBy('t.occurred_at')
      .addOrderBy('p.reference')
      .limit(page.limit)
      .offset(page.offset)
      .getRawMany();
    return [rows.map(({ total: _total, ...row }) => row), rows[0]?.total ?? 0];
  }

  procurement(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneOrFail(Procurement, { select: { id: true, reference: true, title: true, stage: true }, where: { id } });
  }
}
