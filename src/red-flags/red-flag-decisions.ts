import { RedFlagStatus, type RedFlag } from './red-flag.entity.js';
import type { Indicator } from './indicators.js';
import { flagAlreadyDecided, flagNotTriggered } from './red-flags.errors.js';

export type FlagDecision = Pick<RedFlag, 'status' | 'decidedBy' | 'decidedAt' | 'dismissalReason' | 'findingId'>;

const UNDECIDED: FlagDecision = { status: RedFlagStatus.OPEN, decidedBy: null, decidedAt: null, dismissalReason: null, findingId: null };

/**
 * What becomes of the monitor's decision when an indicator is recomputed. The decision stands
 * while the data changes underneath it, even if the flag stops being raised; but a flag that
 * the data cleared and raises again is a new signal, so it reopens for a fresh decision (the
 * earlier one stays in the audit trail, and a confirmed flag's finding keeps its link to it).
 * An indicator switched off and on again has not been cleared by the data: its decision stands.
 */
export function afterRecompute(
  previous: (FlagDecision & Pick<RedFlag, 'triggered' | 'evidence'>) | undefined,
  triggered: boolean,
): FlagDecision & { reopened: boolean } {
  if (!previous) return { ...UNDECIDED, reopened: false };
  const clearedByData = !previous.triggered && previous.evidence.disabled !== true;
  if (triggered && clearedByData && previous.status !== RedFlagStatus.OPEN) return { ...UNDECIDED, reopened: true };
  const { status, decidedBy, decidedAt, dismissalReason, findingId } = previous;
  return { status, decidedBy, decidedAt, dismissalReason, findingId, reopened: false };
}

/** Only a raised flag awaiting a decision can be confirmed or dismissed. */
export function assertDecidable(flag: Pick<RedFlag, 'code' | 'status' | 'triggered'>): void {
  if (flag.status !== RedFlagStatus.OPEN) throw flagAlreadyDecided(flag.status);
  if (!flag.triggered) throw flagNotTriggered(flag.code);
}

/** The finding a confirmed flag becomes: what the indicator checks, the evidence as computed, and the monitor's note. */
export function findingFromFlag(
  flag: Pick<RedFlag, 'code' | 'evidence' | 'threshold' | 'computedAt'>,
  indicator: Pick<Indicator, 'title' | 'definition' | 'thresholdUnit'> | undefined,
  note: string | undefined,
): { title: string; description: string } {
  const threshold =
    flag.threshold === null ? '' : `, threshold ${flag.threshold}${indicator?.thresholdUnit ? ` ${indicator.thresholdUnit.toLowerCase()}` : ''}`;
  return {
    title: `Red flag ${flag.code}: ${indicator?.title ?? 'indicator no longer defined'}`,
    description: [
      indicator?.definition,
      `Evidence computed ${flag.computedAt.toISOString()}${threshold}:\n${JSON.stringify(flag.evidence, null, 2)}`,
      note?.trim() ? `Monitor's note: ${note.trim()}` : undefined,
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}
