import { FindingStatus } from './finding.entity.js';
import { findingStatusMoves, mayChangeFindingStatus, type FindingStatusCause } from './finding-status.js';
import { statusChangeRefused } from './findings.errors.js';

const { OPEN, ANSWERED, RESOLVED, ESCALATED } = FindingStatus;
const ALL = [OPEN, ANSWERED, RESOLVED, ESCALATED];

describe('finding status', () => {
  const allowed = (cause: FindingStatusCause) =>
    ALL.flatMap((from) => ALL.filter((to) => mayChangeFindingStatus(from, to, cause)).map((to) => `${from}->${to}`));

  it('becomes ANSWERED only through the authority responding', () => {
    expect(allowed('RESPONSE')).toEqual(['OPEN->ANSWERED', 'ANSWERED->ANSWERED', 'ESCALATED->ANSWERED']);
  });

  it('is resolved or escalated by decision, never from OPEN to RESOLVED', () => {
    expect(allowed('DECISION')).toEqual(['OPEN->ESCALATED', 'ANSWERED->RESOLVED', 'ANSWERED->ESCALATED', 'ESCALATED->RESOLVED']);
    expect(mayChangeFindingStatus(OPEN, RESOLVED, 'DECISION')).toBe(false);
    expect(mayChangeFindingStatus(OPEN, ANSWERED, 'DECISION')).toBe(false);
    expect(mayChangeFindingStatus(ESCALATED, ESCALATED, 'DECISION')).toBe(false);
  });

  it('keeps RESOLVED final', () => {
    expect(findingStatusMoves(RESOLVED)).toEqual([]);
    for (const to of ALL) {
      expect(mayChangeFindingStatus(RESOLVED, to, 'DECISION')).toBe(false);
      expect(mayChangeFindingStatus(RESOLVED, to, 'RESPONSE')).toBe(false);
    }
  });

  it('names from, to and what is possible instead when refusing', () => {
    const refused = statusChangeRefused(OPEN, RESOLVED);
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FINDING_STATUS_CHANGE_REFUSED', details: { from: OPEN, to: RESOLVED } });
    expect(refused.message).toMatch(/from OPEN to RESOLVED/);
    expect(refused.message).toMatch(/ANSWERED \(by the authority's response\) or ESCALATED/);
    expect(statusChangeRefused(RESOLVED, ESCALATED).message).toMatch(/final/);
  });
});
