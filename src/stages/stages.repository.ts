import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Procurement } from '../procurements/procurement.entity.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';

/** Every statement of stage moves; each runs in the manager it is given. */
@Injectable()
export class StagesRepository {
  /** The procurement, its row locked until the transaction ends, so concurrent moves and signatures wait. */
  lockProcurement(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneOrFail(Procurement, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Records the move and puts the procurement in its new stage. */
  async recordMove(
    tx: EntityManager,
    procurement: Procurement,
    transition: Pick<StageTransition, 'fromStage' | 'toStage' | 'actorId' | 'note' | 'occurredAt'>,
  ): Promise<StageTransition> {
    const stored = await tx.save(tx.create(StageTransition, { ...transition, procurementId: procurement.id }));
    await tx.save(procurement);
    return stored;
  }
}
