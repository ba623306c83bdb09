import { ProcurementStage, STAGE_ORDER, nextStage } from '../procurements/procurement-stage.js';

export type Gate = 'STAGE_ORDER' | 'PACT_PUBLISHED' | 'PACT_SIGNED_BY_AUTHORITY' | 'AWARDEE_GIVEN' | 'AWARDEE_IS_BIDDER' | 'AWARDEE_SIGNED_PACT';

export interface FailedGate {
  gate: Gate;
  message: string;
}

/** What the gates look at, gathered by the service in the transaction of the move. */
export interface StageFacts {
  current: ProcurementStage;
  target: ProcurementStage;
  authorityId: string;
  bidderIds: string[];
  /** Number of the latest published pact version, null when nothing is published. */
  currentPactVersion: number | null;
  /** Organisations that signed the latest published version. */
  signedCurrentVersion: Set<string>;
  awardedBidderId: string | null;
}

/**
 * The pact's rules for moving a procurement on, as a pure function so each rule is pinned
 * by a unit test. An empty list means the move is allowed.
 */
export function failedGates(facts: StageFacts): FailedGate[] {
  const expected = nextStage(facts.current);
  if (facts.target !== expected) {
    const backwards = STAGE_ORDER.indexOf(facts.target) <= STAGE_ORDER.indexOf(facts.current);
    return [
      {
        gate: 'STAGE_ORDER',
        message: !expected
          ? `The procurement is at ${facts.current}, its last stage`
          : backwards
            ? `Stages never go back: the procurement is at ${facts.current}`
            : `Stages cannot be skipped: the next stage after ${facts.current} is ${expected}`,
      },
    ];
  }
  const failed: FailedGate[] = [];
  const atOrAfter = (stage: ProcurementStage) => STAGE_ORDER.indexOf(facts.target) >= STAGE_ORDER.indexOf(stage);

  // From the opening of the tender on, every step happens under a published pact the
  // authority has signed in its current version (an amendment must be signed again).
  if (atOrAfter(ProcurementStage.TENDER_OPEN)) {
    if (facts.currentPactVersion === null) {
      failed.push({ gate: 'PACT_PUBLISHED', message: 'Publish the Integrity Pact before the tender opens' });
    } else if (!facts.signedCurrentVersion.has(facts.authorityId)) {
      failed.push({ gate: 'PACT_SIGNED_BY_AUTHORITY', message: `The authority has not signed version ${facts.currentPactVersion} of the pact` });
    }
  }

  // Only a bidder bound by the current pact may win the contract.
  if (facts.target === ProcurementStage.AWARD) {
    if (!facts.awardedBidderId) failed.push({ gate: 'AWARDEE_GIVEN', message: 'Name the bidder awarded the contract (awardedBidderId)' });
    else if (!facts.bidderIds.includes(facts.awardedBidderId))
      failed.push({ gate: 'AWARDEE_IS_BIDDER', message: 'The awardee does not take part in this procurement' });
    else if (!facts.signedCurrentVersion.has(facts.awardedBidderId)) {
      failed.push({ gate: 'AWARDEE_SIGNED_PACT', message: 'The awardee has not signed the current version of the pact and cannot be awarded' });
    }
  }
  return failed;
}

/** Bidders flagged from evaluation on: taking part without being bound by the current pact. */
export function unsignedBidders(bidderIds: string[], signedCurrentVersion: Set<string>): string[] {
  return bidderIds.filter((id) => !signedCurrentVersion.has(id));
}
