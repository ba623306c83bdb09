import { conflict, invalidField } from '../errors/domain-error.js';
import type { RedFlagStatus } from './red-flag.entity.js';

export const flagAlreadyDecided = (status: RedFlagStatus) =>
  conflict('RED_FLAG_ALREADY_DECIDED', `This red flag is already ${status.toLowerCase()}; it reopens only if it is raised again`, { status });

export const flagNotTriggered = (code: string) =>
  conflict('RED_FLAG_NOT_TRIGGERED', `Indicator ${code} is not triggered for this procurement: there is nothing to confirm or dismiss`, { indicator: code });

export const noMonitorAssigned = () => conflict('NO_MONITOR_ASSIGNED', 'The procurement has no independent monitor to hold the finding');

export const takesNoThreshold = (code: string) => invalidField('threshold', `indicator ${code} has no threshold; leave it out`, 'NO_THRESHOLD');

export const wholeThresholdNeeded = (unit: string) => invalidField('threshold', `must be a whole number (${unit.toLowerCase()})`);
