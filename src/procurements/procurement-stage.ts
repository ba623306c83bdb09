import { registerEnumType } from '@nestjs/graphql';

/** The OCDS phases refined into the steps an Integrity Pact watches, in their only allowed order. */
export enum ProcurementStage {
  PLANNING = 'PLANNING',
  TENDER_PREPARATION = 'TENDER_PREPARATION',
  TENDER_OPEN = 'TENDER_OPEN',
  EVALUATION = 'EVALUATION',
  AWARD = 'AWARD',
  CONTRACT_SIGNATURE = 'CONTRACT_SIGNATURE',
  IMPLEMENTATION = 'IMPLEMENTATION',
  CLOSURE = 'CLOSURE',
}
registerEnumType(ProcurementStage, { name: 'ProcurementStage' });

export const STAGE_ORDER: readonly ProcurementStage[] = Object.values(ProcurementStage);

export function nextStage(stage: ProcurementStage): ProcurementStage | null {
  return STAGE_ORDER[STAGE_ORDER.indexOf(stage) + 1] ?? null;
}
