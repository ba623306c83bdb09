import { ProcurementStage } from '../procurements/procurement-stage.js';
import { failedGates, unsignedBidders, type StageFacts } from './stage-gates.js';

const facts = (overrides: Partial<StageFacts>): StageFacts => ({
  current: ProcurementStage.PLANNING,
  target: ProcurementStage.TENDER_PREPARATION,
  authorityId: 'authority',
  bidderIds: ['b1', 'b2'],
  currentPactVersion: 1,
  signedCurrentVersion: new Set(['authority', 'b1']),
  awardedBidderId: null,
  ...overrides,
});
const gates = (overrides: Partial<StageFacts>) => failedGates(facts(overrides)).map((f) => f.gate);

describe('stage gates', () => {
  it('allows the next stage and nothing else', () => {
    expect(gates({})).toEqual([]);
    expect(gates({ target: ProcurementStage.TENDER_OPEN })).toEqual(['STAGE_ORDER']);
    expect(gates({ current: ProcurementStage.EVALUATION, target: ProcurementStage.TENDER_OPEN })).toEqual(['STAGE_ORDER']);
    expect(gates({ current: ProcurementStage.EVALUATION, target: ProcurementStage.EVALUATION })).toEqual(['STAGE_ORDER']);
    expect(gates({ current: ProcurementStage.CLOSURE, target: ProcurementStage.PLANNING })).toEqual(['STAGE_ORDER']);
  });

  it('says why a move is refused', () => {
    const [back] = failedGates(facts({ current: ProcurementStage.EVALUATION, target: ProcurementStage.PLANNING }));
    expect(back.message).toMatch(/never go back/);
    const [skip] = failedGates(facts({ target: ProcurementStage.EVALUATION }));
    expect(skip.message).toMatch(/next stage after PLANNING is TENDER_PREPARATION/);
  });

  it('keeps the tender closed until the pact is published and signed by the authority', () => {
    const opening = { current: ProcurementStage.TENDER_PREPARATION, target: ProcurementStage.TENDER_OPEN };
    expect(gates({ ...opening, currentPactVersion: null, signedCurrentVersion: new Set() })).toEqual(['PACT_PUBLISHED']);
    expect(gates({ ...opening, signedCurrentVersion: new Set(['b1']) })).toEqual(['PACT_SIGNED_BY_AUTHORITY']);
    expect(gates(opening)).toEqual([]);
  });

  it('requires the authority to sign an amendment before moving on', () => {
    expect(
      gates({ current: ProcurementStage.TENDER_OPEN, target: ProcurementStage.EVALUATION, currentPactVersion: 2, signedCurrentVersion: new Set(['b1']) }),
    ).toEqual(['PACT_SIGNED_BY_AUTHORITY']);
  });

  it('awards only a participating bidder that signed the current version', () => {
    const award = { current: ProcurementStage.EVALUATION, target: ProcurementStage.AWARD };
    expect(gates(award)).toEqual(['AWARDEE_GIVEN']);
    expect(gates({ ...award, awardedBidderId: 'stranger' })).toEqual(['AWARDEE_IS_BIDDER']);
    expect(gates({ ...award, awardedBidderId: 'b2' })).toEqual(['AWARDEE_SIGNED_PACT']);
    expect(gates({ ...award, awardedBidderId: 'b1' })).toEqual([]);
  });

  it('flags bidders that have not signed the current version', () => {
    expect(unsignedBidders(['b1', 'b2', 'b3'], new Set(['authority', 'b1']))).toEqual(['b2', 'b3']);
  });
});
