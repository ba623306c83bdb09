import { ComplaintStatus } from './complaint.entity.js';

const { RECEIVED, REFERRED, ACKNOWLEDGED, IN_PROGRESS, RESOLVED, REJECTED, CLOSED } = ComplaintStatus;

/** The moves the handling organisation and the convener make; REFERRED is reached by referral only. */
const MOVES: Record<ComplaintStatus, ComplaintStatus[]> = {
  [RECEIVED]: [REJECTED],
  [REFERRED]: [ACKNOWLEDGED, IN_PROGRESS, RESOLVED, REJECTED],
  [ACKNOWLEDGED]: [IN_PROGRESS, RESOLVED, REJECTED],
  [IN_PROGRESS]: [RESOLVED, REJECTED],
  [RESOLVED]: [CLOSED],
  [REJECTED]: [CLOSED],
  [CLOSED]: [],
};

export function statusMoveAllowed(from: ComplaintStatus, to: ComplaintStatus): boolean {
  return MOVES[from].includes(to);
}

export function allowedStatusMoves(from: ComplaintStatus): ComplaintStatus[] {
  return MOVES[from];
}

/** Still in someone's hands: it can be (re-)referred, merged, and its deadlines run. */
export function isOpen(status: ComplaintStatus): boolean {
  return status !== RESOLVED && status !== REJECTED && status !== CLOSED;
}

/** Any move past REFERRED is the handling organisation acting on the complaint. */
export function isAction(to: ComplaintStatus): boolean {
  return to !== RECEIVED && to !== REFERRED;
}
