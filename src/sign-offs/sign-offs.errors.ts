import { conflict, invalidField } from '../errors/domain-error.js';
import type { ProcurementStage } from '../procurements/procurement-stage.js';
import type { SignOffDecision } from './stage-sign-off.entity.js';

export const stageNotSignable = (message: string) => invalidField('stage', message, 'STAGE_NOT_REACHED');

export const objectionReasonRequired = () => invalidField('reason', 'an objection must say why the monitor objects', 'OBJECTION_REASON_REQUIRED');

export const alreadySignedOff = (stage: ProcurementStage, existing: { id: string; decision: SignOffDecision }) =>
  conflict('STAGE_ALREADY_SIGNED_OFF', `The monitor has already decided on ${stage} (${existing.decision}); a decision is made once`, {
    stage,
    signOffId: existing.id,
    decision: existing.decision,
  });
