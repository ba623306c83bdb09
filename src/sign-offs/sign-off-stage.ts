import { ProcurementStage, STAGE_ORDER } from '../procurements/procurement-stage.js';

/**
 * Which stages the monitor may sign off or object to: those the procurement has moved into,
 * that is every stage after PLANNING up to the current one (stages never go back, so this is
 * exactly its stage history). PLANNING is where every procurement starts, not a transition
 * anyone decided. Returns why a stage is refused, or null.
 */
export function signOffStageRefusal(stage: ProcurementStage, current: ProcurementStage): string | null {
  if (stage === ProcurementStage.PLANNING) return 'PLANNING is where every procurement starts; sign off the stages it moves into';
  if (STAGE_ORDER.indexOf(stage) > STAGE_ORDER.indexOf(current)) return `the procurement has not reached ${stage}; it is at ${current}`;
  return null;
}
