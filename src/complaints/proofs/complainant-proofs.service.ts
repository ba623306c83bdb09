import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ClockService } from '../../clock/clock.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { TransactionService } from '../../database/transaction.service.js';
import { RateLimitsService, type RateLimit } from '../../rate-limits/rate-limits.service.js';
import { complaintSecretMatches, hashComplaintSecret, newComplaintSecret } from '../complaint-secret.js';
import type { Complaint } from '../complaint.entity.js';
import { complaintNotFound, invalidTrackingNumber } from '../complaints.errors.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import { isValidTrackingNumber, normaliseTrackingNumber } from '../tracking-number.js';
import { ProofsRepository, type ProofFailureReason } from './proofs.repository.js';

export interface ProofAttempt {
  trackingNumber: string;
  secret: string;
  /** Who is asking: a client address on the web, a sender on SMS. Only its hash is kept. */
  client: string;
}

/** Compared against when there is no complaint (or it has no secret), so every answer costs the same hashing. */
const NO_SECRET_HASH = hashComplaintSecret(newComplaintSecret());

/**
 * The complainant proves themselves with the tracking number and the complaint's secret, never
 * with a contact detail: monitors and implementers see tracking numbers, and an answer that
 * depended on a guessed phone number would tell them who complained. Every attempt spends a
 * point of two allowances (the tracking number's, the client's) before the secret is compared,
 * so concurrent guesses cannot overtake the count; a right secret gets its points back. Unknown
 * number, wrong secret and spent allowance get one answer, after the same work, and are recorded.
 */
@Injectable()
export class ComplainantProofsService {
  private readonly perComplaint: RateLimit;
  private readonly perClient: RateLimit;

  constructor(
    private readonly transactions: TransactionService,
    private readonly complaints: ComplaintsRepository,
    private readonly repository: ProofsRepository,
    private readonly rateLimits: RateLimitsService,
    private readonly clock: ClockService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.perComplaint = { name: 'complainant-proof-number', points: config.proofFailuresPerHourPerComplaint, durationSeconds: 3600 };
    this.perClient = { name: 'complainant-proof-client', points: config.proofFailuresPerHourPerClient, durationSeconds: 3600 };
  }

  /** The complaint whose secret this is, or COMPLAINT_NOT_FOUND. Read without a lock: lock it again by id to change it. */
  async prove(attempt: ProofAttempt): Promise<Complaint> {
    if (!isValidTrackingNumber(attempt.trackingNumber)) throw invalidTrackingNumber();
    const trackingNumber = normaliseTrackingNumber(attempt.trackingNumber)!;
    const allowances: Array<[RateLimit, string]> = [
      [this.perComplaint, trackingNumber],
      [this.perClient, createHash('sha256').update(attempt.client).digest('hex')],
    ];
    const [complaint, allowed] = await Promise.all([
      this.complaints.byTrackingNumber(this.transactions.reader, trackingNumber),
      Promise.all(allowances.map(([limit, key]) => this.rateLimits.consume(limit, key))).then((states) => states.every((state) => state.allowed)),
    ]);
    const matches = complaintSecretMatches(complaint?.secretHash ?? NO_SECRET_HASH, attempt.secret);
    if (allowed && complaint?.secretHash && matches) {
      await Promise.all(allowances.map(([limit, key]) => this.rateLimits.refund(limit, key)));
      return complaint;
    }
    const reason: ProofFailureReason = !allowed ? 'THROTTLED' : complaint ? 'WRONG_SECRET' : 'UNKNOWN_TRACKING_NUMBER';
    await this.transactions.run((tx) =>
      this.repository.recordFailure(tx, { trackingNumber, complaintId: complaint?.id ?? null, reason, attemptedAt: this.clock.now() }),
    );
    throw complaintNotFound();
  }

  /**
   * For reading where a complaint stands: with a secret, as `prove`; without one, whoever holds
   * the number of a named complaint may, as by SMS, while an anonymous one stays indistinguishable
   * from an unknown number.
   */
  async forStatus(trackingNumber: string, secret: string | null | undefined, client: string): Promise<Complaint> {
    if (secret) return this.prove({ trackingNumber, secret, client });
    if (!isValidTrackingNumber(trackingNumber)) throw invalidTrackingNumber();
    const complaint = await this.complaints.byTrackingNumber(this.transactions.reader, normaliseTrackingNumber(trackingNumber)!);
    if (!complaint || complaint.anonymous) throw complaintNotFound();
    return complaint;
  }
}
