import { ProcurementStage } from '../procurements/procurement-stage.js';
import { signOffStageRefusal } from './sign-off-stage.js';

describe('which stages the monitor may sign off', () => {
  it('allows every stage the procurement has moved into, up to the current one', () => {
    expect(signOffStageRefusal(ProcurementStage.TENDER_PREPARATION, ProcurementStage.TENDER_PREPARATION)).toBeNull();
    expect(signOffStageRefusal(ProcurementStage.TENDER_PREPARATION, ProcurementStage.AWARD)).toBeNull();
    expect(signOffStageRefusal(ProcurementStage.CLOSURE, ProcurementStage.CLOSURE)).toBeNull();
  });

  it('refuses stages not reached yet', () => {
    expect(signOffStageRefusal(ProcurementStage.EVALUATION, ProcurementStage.TENDER_OPEN)).toMatch(/has not reached EVALUATION; it is at TENDER_OPEN/);
  });

  it('refuses PLANNING, which no transition leads into', () => {
    expect(signOffStageRefusal(ProcurementStage.PLANNING, ProcurementStage.PLANNING)).toMatch(/starts/);
    expect(signOffStageRefusal(ProcurementStage.PLANNING, ProcurementStage.CLOSURE)).toMatch(/starts/);
  });
});
