import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class RedFlagsService {
  /**
   * Recomputes every indicator of one procurement from its current data, inside the
   * caller's transaction. Called by whatever changes the data indicators read.
   */
  async recompute(_manager: EntityManager, _procurementId: string): Promise<void> {
    // Filled in by the red-flags work (issue 3); callers may already depend on it.
  }
}
