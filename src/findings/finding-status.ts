import { FindingStatus } from './finding.entity.js';

/** What moves a finding: the authority answering it, or the monitor or implementer deciding on it. */
export type FindingStatusCause = 'RESPONSE' | 'DECISION';

/**
 * The life of a finding. Only the authority's answer makes it ANSWERED, so the monitor cannot
 * close the exchange on the authority's behalf; RESOLVED is final, because a resolved finding
 * may already stand in a published report.
 */
const MOVES: Record<FindingStatus, Partial<Record<FindingStatus, FindingStatusCause>>> = {
  [FindingStatus.OPEN]: { [FindingStatus.ANSWERED]: 'RESPONSE', [FindingStatus.ESCALATED]: 'DECISION' },
  // A further answer to an answered finding adds to the exchange without changing its status.
  [FindingStatus.ANSWERED]: { [FindingStatus.ANSWERED]: 'RESPONSE', [FindingStatus.RESOLVED]: 'DECISION', [FindingStatus.ESCALATED]: 'DECISION' },
  [FindingStatus.ESCALATED]: { [FindingStatus.ANSWERED]: 'RESPONSE', [FindingStatus.RESOLVED]: 'DECISION' },
  [FindingStatus.RESOLVED]: {},
};

export function mayChangeFindingStatus(from: FindingStatus, to: FindingStatus, cause: FindingStatusCause): boolean {
  return MOVES[from][to] === cause;
}

/** The moves open from a status, for telling the user what they can do instead. */
export function findingStatusMoves(from: FindingStatus): Array<{ to: FindingStatus; cause: FindingStatusCause }> {
  return Object.entries(MOVES[from]).map(([to, cause]) => ({ to: to as FindingStatus, cause }));
}
