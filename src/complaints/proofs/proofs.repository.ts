import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type ProofFailureReason = 'UNKNOWN_TRACKING_NUMBER' | 'WRONG_SECRET' | 'THROTTLED';

export interface ProofFailure {
  trackingNumber: string;
  complaintId: string | null;
  reason: ProofFailureReason;
  attemptedAt: Date;
}

/** The SQL of complainant proofs: the insert-only record of failed ones. */
@Injectable()
export class ProofsRepository {
  async recordFailure(tx: EntityManager, failure: ProofFailure): Promise<void> {
    await tx.query(`INSERT INTO complainant_proof_failures (tracking_number, complaint_id, reason, attempted_at) VALUES ($1, $2, $3, $4)`, [
      failure.trackingNumber,
      failure.complaintId,
      failure.reason,
      failure.attemptedAt,
    ]);
  }
}
