import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';

/**
 * "This procurement's facts changed": announced by whatever writes the data red-flag indicators
 * read (pacts, signatures, bids and contracts, complaints, OCDS imports), inside the writer's
 * transaction. Red flags listen and recompute in that same transaction before the writer goes on,
 * so writers need not import red flags, which read their data.
 */
export class ProcurementFactsChanged {
  static readonly event = 'procurement.facts-changed';

  constructor(
    /** The writer's transaction: listeners write in it, so the change and its effects commit together. */
    readonly manager: EntityManager,
    readonly procurementId: string,
  ) {}
}

@Injectable()
export class ProcurementEventsService {
  constructor(private readonly events: EventEmitter2) {}

  /**
   * Awaits every listener, in the caller's transaction; a listener's error fails the change. Call
   * it before appending the change's audit entry: the audit chain's lock must be the last lock a
   * transaction takes (see RedFlagsService.recompute).
   */
  async factsChanged(manager: EntityManager, procurementId: string): Promise<void> {
    // Nobody listening would leave the flags silently stale: fail loudly instead.
    if (!this.events.hasListeners(ProcurementFactsChanged.event)) throw new Error(`nothing listens to ${ProcurementFactsChanged.event}`);
    await this.events.emitAsync(ProcurementFactsChanged.event, new ProcurementFactsChanged(manager, procurementId));
  }
}
