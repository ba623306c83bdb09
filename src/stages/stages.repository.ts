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

  procurement(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneByOrFail(Procurement, { id });
  }

  /** The organisations taking part, by name, for naming the awardee. */
  biddersOf(tx: EntityManager, procurementId: string): Promise<Array<{ id: string; name: string }>> {
    return tx.query(
      `SELECT o.id, o.name FROM procurement_bidders pb JOIN organisations o ON o.id = pb.bidder_id WHERE pb.procurement_id = $1 ORDER BY o.name`,
      [procurementId],
    );
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
