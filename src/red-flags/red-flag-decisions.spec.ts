import { INDICATOR_BY_CODE } from './indicators.js';
import { afterRecompute, assertDecidable, findingFromFlag, type FlagDecision } from './red-flag-decisions.js';
import { RedFlagStatus } from './red-flag.entity.js';

const decided = (status: RedFlagStatus, triggered: boolean): FlagDecision & { triggered: boolean; evidence: Record<string, unknown> } => ({
  status,
  triggered,
  evidence: {},
  decidedBy: 'monitor',
  decidedAt: new Date('2027-03-01T00:00:00Z'),
  dismissalReason: status === RedFlagStatus.DISMISSED ? 'explained by the evaluation report' : null,
  findingId: status === RedFlagStatus.CONFIRMED ? 'finding' : null,
});

describe('a recomputed flag and the monitor’s decision', () => {
  it('starts open', () => {
    expect(afterRecompute(undefined, true)).toMatchObject({ status: RedFlagStatus.OPEN, decidedBy: null, reopened: false });
    expect(afterRecompute(undefined, false)).toMatchObject({ status: RedFlagStatus.OPEN, reopened: false });
  });

  it('keeps a decision while the flag stays raised or stops being raised', () => {
    // Only the decision carries over: the previous row's evidence and other columns are recomputed.
    const { triggered: _, evidence: __, ...decision } = decided(RedFlagStatus.DISMISSED, true);
    const previousRow = { ...decided(RedFlagStatus.DISMISSED, true), id: 'flag', evidence: { stale: true } };
    expect(afterRecompute(previousRow, true)).toStrictEqual({ ...decision, reopened: false });
    expect(afterRecompute(decided(RedFlagStatus.CONFIRMED, true), false)).toMatchObject({
      status: RedFlagStatus.CONFIRMED,
      findingId: 'finding',
      reopened: false,
    });
  });

  it('reopens a decided flag raised again after it had cleared', () => {
    expect(afterRecompute(decided(RedFlagStatus.DISMISSED, false), true)).toEqual({
      status: RedFlagStatus.OPEN,
      decidedBy: null,
      decidedAt: null,
      dismissalReason: null,
      findingId: null,
      reopened: true,
    });
    expect(afterRecompute(decided(RedFlagStatus.CONFIRMED, false), true)).toMatchObject({ status: RedFlagStatus.OPEN, reopened: true });
    expect(afterRecompute({ ...decided(RedFlagStatus.OPEN, false), decidedBy: null, decidedAt: null }, true)).toMatchObject({
      status: RedFlagStatus.OPEN,
      reopened: false,
    });
  });

  it('keeps the decision of an indicator switched off and on again', () => {
    const switchedOff = { ...decided(RedFlagStatus.CONFIRMED, false), evidence: { disabled: true } };
    expect(afterRecompute(switchedOff, true)).toMatchObject({ status: RedFlagStatus.CONFIRMED, findingId: 'finding', reopened: false });
  });

  it('lets only a raised, open flag be decided', () => {
    expect(() => assertDecidable({ code: 'R018', status: RedFlagStatus.OPEN, triggered: true })).not.toThrow();
    expect(() => assertDecidable({ code: 'R018', status: RedFlagStatus.OPEN, triggered: false })).toThrow(
      expect.objectContaining({ reason: 'RED_FLAG_NOT_TRIGGERED' }),
    );
    expect(() => assertDecidable({ code: 'R018', status: RedFlagStatus.DISMISSED, triggered: true })).toThrow(
      expect.objectContaining({ reason: 'RED_FLAG_ALREADY_DECIDED' }),
    );
  });

  it('turns a confirmed flag into a finding carrying its evidence and the monitor’s note', () => {
    const flag = { code: 'R018', evidence: { bidderCount: 1 }, threshold: 1, computedAt: new Date('2027-02-09T10:00:00Z') };
    const finding = findingFromFlag(flag, INDICATOR_BY_CODE.get('R018'), '  Only Lodwar Medical bid. ');
    expect(finding.title).toBe('Red flag R018: Single bid received');
    expect(finding.description).toContain(INDICATOR_BY_CODE.get('R018')!.definition);
    expect(finding.description).toContain('Evidence computed 2027-02-09T10:00:00.000Z, threshold 1 bidders:\n{\n  "bidderCount": 1\n}');
    expect(finding.description.endsWith("Monitor's note: Only Lodwar Medical bid.")).toBe(true);
    expect(findingFromFlag({ ...flag, threshold: null }, undefined, undefined).description).not.toContain('threshold');
  });
});
