import { answerTable as tableOf, recoverBySubtraction, upperBounds, type StatisticsAnswer } from '../../test/support/subtraction-attack.js';
import { COUNTED_DIMENSIONS, NO_TIMES, type ComplaintFigures } from './complaint-figures.js';
import { SMALLEST_PUBLIC_COUNT, visibleStatistics, withheldCells } from './statistics-visibility.js';
import type { ComplaintStatistics } from './statistics-views.js';

/** What an attacker reads of an answer: every count, and the sums that link them. */
const answerTable = (name: string, statistics: ComplaintStatistics) => tableOf(name, statistics as unknown as StatisticsAnswer);

function figures(): ComplaintFigures {
  const buckets = Object.fromEntries(COUNTED_DIMENSIONS.map((dimension) => [dimension, [] as never[]])) as unknown as ComplaintFigures['buckets'];
  buckets.gender = [
    { key: 'FEMALE', label: 'Female', count: 12 },
    { key: 'MALE', label: 'Male', count: 4 },
    { key: 'OTHER', label: 'Other', count: 1 },
    { key: null, label: 'Not given', count: 0 },
  ];
  buckets.status = [{ key: 'RESOLVED', label: 'Resolved', count: 5 }];
  return {
    from: '2026-01-01',
    to: null,
    organisationId: null,
    total: 17,
    buckets,
    toFirstAction: { count: 5, medianHours: 10, p90Hours: 20 },
    toResolution: { count: 4, medianHours: 30, p90Hours: 40 },
    byOrganisation: [
      { organisationId: 'org-1', label: 'Partner', toFirstAction: { count: 3, medianHours: 2, p90Hours: 3 }, toResolution: NO_TIMES },
      {
        organisationId: null,
        label: 'Not referred yet',
        toFirstAction: { count: 9, medianHours: 1, p90Hours: 2 },
        toResolution: { count: 2, medianHours: 5, p90Hours: 6 },
      },
    ],
    weekly: [
      { week: '2026-W02', startsOn: '2026-01-05', lodged: 13, resolved: 0 },
      { week: '2026-W03', startsOn: '2026-01-12', lodged: 4, resolved: 4 },
    ],
    monthly: [{ month: '2026-01', startsOn: '2026-01-01', lodged: 17 }],
  };
}

/**
 * Thirty complaints lodged from January to March 2026, three of them in March. No month of 2026
 * up to April starts on a Monday, so each month shares a week with the next.
 */
function firstQuarter(): ComplaintFigures {
  const quarter = figures();
  quarter.to = '2026-03-31';
  quarter.total = 30;
  quarter.buckets.gender = [
    { key: 'FEMALE', label: 'Female', count: 15 },
    { key: 'MALE', label: 'Male', count: 15 },
  ];
  quarter.buckets.status = [{ key: 'RESOLVED', label: 'Resolved', count: 30 }];
  quarter.byOrganisation = [];
  quarter.toFirstAction = quarter.toResolution = NO_TIMES;
  quarter.weekly = [
    { week: '2026-W02', startsOn: '2026-01-05', lodged: 10, resolved: 0 },
    { week: '2026-W03', startsOn: '2026-01-12', lodged: 10, resolved: 0 },
    { week: '2026-W07', startsOn: '2026-02-09', lodged: 7, resolved: 0 },
    { week: '2026-W11', startsOn: '2026-03-09', lodged: 0, resolved: 0 },
    { week: '2026-W12', startsOn: '2026-03-16', lodged: 3, resolved: 0 },
  ];
  quarter.monthly = [
    { month: '2026-01', startsOn: '2026-01-01', lodged: 20 },
    { month: '2026-02', startsOn: '2026-02-01', lodged: 7 },
    { month: '2026-03', startsOn: '2026-03-01', lodged: 3 },
  ];
  return quarter;
}

describe('who sees which complaint figures', () => {
  it('gives every figure, as counted, to those who may read the statistics', () => {
    const full = visibleStatistics(figures(), true);
    expect(full.smallCountsSuppressed).toBe(false);
    expect(full.total).toEqual({ count: 17, suppressed: false });
    expect(full.byGender.map((b) => b.count)).toEqual([12, 4, 1, 0]);
    expect(full.timeToResolution).toEqual({ count: 4, medianHours: 30, p90Hours: 40, suppressed: false });
    expect(full.timesByOrganisation[0].toFirstAction).toEqual({ count: 3, medianHours: 2, p90Hours: 3, suppressed: false });
    expect(full.weekly[1]).toEqual({
      week: '2026-W03',
      startsOn: '2026-01-12',
      lodged: { count: 4, suppressed: false },
      resolved: { count: 4, suppressed: false },
    });
    expect(full.monthly).toEqual([{ month: '2026-01', startsOn: '2026-01-01', lodged: { count: 17, suppressed: false } }]);
    expect(full.from).toBe('2026-01-01');
  });

  it('withholds from the public every count of 1 to 4, showing 0 and 5 or more', () => {
    expect(SMALLEST_PUBLIC_COUNT).toBe(5);
    const open = visibleStatistics(figures(), false);
    expect(open.smallCountsSuppressed).toBe(true);
    expect(open.byGender).toEqual([
      { key: 'FEMALE', label: 'Female', count: 12, suppressed: false },
      { key: 'MALE', label: 'Male', count: null, suppressed: true },
      { key: 'OTHER', label: 'Other', count: null, suppressed: true },
      { key: null, label: 'Not given', count: 0, suppressed: false },
    ]);
    expect(open.byStatus).toEqual([{ key: 'RESOLVED', label: 'Resolved', count: 5, suppressed: false }]);
    expect(open.total).toEqual({ count: 17, suppressed: false });
    expect(open.weekly[1].lodged).toEqual({ count: null, suppressed: true });
    expect(open.weekly[0].resolved).toEqual({ count: 0, suppressed: false });
  });

  it('withholds from the public the times over 1 to 4 complaints, with their count', () => {
    const open = visibleStatistics(figures(), false);
    expect(open.timeToFirstAction).toEqual({ count: 5, medianHours: 10, p90Hours: 20, suppressed: false });
    expect(open.timeToResolution).toEqual({ count: null, medianHours: null, p90Hours: null, suppressed: true });
    expect(open.timesByOrganisation[0]).toEqual({
      organisationId: 'org-1',
      label: 'Partner',
      toFirstAction: { count: null, medianHours: null, p90Hours: null, suppressed: true },
      // The overall 4 is withheld and the other organisation's 2 too: a zero shown beside them would say where all of them are.
      toResolution: { count: null, medianHours: null, p90Hours: null, suppressed: true },
    });
    // Its 9 first actions are the complement of the partner's 3: shown, they would give the 3 back from the overall count.
    expect(open.timesByOrganisation[1].toFirstAction.suppressed).toBe(true);
    expect(open.timesByOrganisation[1].toResolution.suppressed).toBe(true);
  });

  it('withholds the complements that would give a small count back: total 11, MALE 0, OTHER 0, not given 10 (issue 9)', () => {
    const reproduction = figures();
    reproduction.total = 11;
    reproduction.buckets.gender = [
      { key: 'FEMALE', label: 'Female', count: 1 },
      { key: 'MALE', label: 'Male', count: 0 },
      { key: 'OTHER', label: 'Other', count: 0 },
      { key: null, label: 'Not given', count: 10 },
    ];
    reproduction.buckets.status = [{ key: 'RECEIVED', label: 'Received', count: 11 }];
    reproduction.weekly = [{ week: '2026-W02', startsOn: '2026-01-05', lodged: 11, resolved: 0 }];
    const open = visibleStatistics(reproduction, false);
    expect(open.total).toEqual({ count: 11, suppressed: false });
    expect(open.byGender.map((bucket) => bucket.count)).toEqual([null, 0, 0, null]);
    expect(visibleStatistics(reproduction, true).byGender.map((bucket) => bucket.count)).toEqual([1, 0, 0, 10]);
  });

  it('withholds a month of 1 to 4 complaints, and another month beside it, so that the total minus the other months gives nothing back', () => {
    const quarter = firstQuarter();
    const open = visibleStatistics(quarter, false);
    expect(open.total).toEqual({ count: 30, suppressed: false });
    // March's 3 is withheld; shown, February's 7 would give it back as 30 − 20 − 7.
    expect(open.monthly.map((month) => month.lodged.count)).toEqual([20, null, null]);
    // The attack: every published sum, the months' among them, worked through by subtraction.
    const table = answerTable('q1', open);
    expect(table.sums).toContainEqual({ parent: 'q1/total', children: ['q1/lodged-month:2026-01', 'q1/lodged-month:2026-02', 'q1/lodged-month:2026-03'] });
    expect(recoverBySubtraction(table)).toEqual(new Map());
    // Nor does it narrow March below five: February and March together are ten.
    expect(upperBounds(table).get('q1/lodged-month:2026-03')).toBeGreaterThanOrEqual(SMALLEST_PUBLIC_COUNT);
    // Against the rule before complements, 1 to 4 only, the same attack finds March.
    const smallOnly = answerTable('q1', {
      ...open,
      monthly: quarter.monthly.map((m) => ({ ...m, lodged: m.lodged < 5 ? { count: null, suppressed: true } : { count: m.lodged, suppressed: false } })),
    });
    expect(recoverBySubtraction(smallOnly).get('q1/lodged-month:2026-03')).toBe(3);
  });

  it('withholds a month exactly when its table withholds its total: a month of one month is its own total', () => {
    // January alone: 17 complaints, shown, so the month is shown too.
    expect(visibleStatistics(figures(), false).monthly[0].lodged).toEqual({ count: 17, suppressed: false });
    // Three complaints in March alone: the total is withheld, and the month with it.
    const march: ComplaintFigures = { ...firstQuarter(), from: '2026-03-01', total: 3, monthly: [{ month: '2026-03', startsOn: '2026-03-01', lodged: 3 }] };
    march.buckets = { ...march.buckets, gender: [{ key: 'FEMALE', label: 'Female', count: 3 }], status: [{ key: 'RESOLVED', label: 'Resolved', count: 3 }] };
    march.weekly = [{ week: '2026-W12', startsOn: '2026-03-16', lodged: 3, resolved: 0 }];
    const withheld = withheldCells(march);
    expect(withheld.has('["total"]')).toBe(true);
    expect(withheld.has('["lodged","2026-03"]')).toBe(true);
  });

  it("adds the months to a month's protection without withholding anything more of the rest", () => {
    for (const month of [figures(), { ...figures(), total: 11, weekly: [{ week: '2026-W02', startsOn: '2026-01-05', lodged: 11, resolved: 2 }] }]) {
      month.monthly = [{ month: '2026-01', startsOn: '2026-01-01', lodged: month.total }];
      const withMonths = withheldCells(month);
      const without = withheldCells({ ...month, monthly: [] });
      expect([...withMonths].filter((cell) => cell !== '["lodged","2026-01"]')).toEqual([...without]);
    }
  });

  it('knows that the weeks of a month that shares no week add up to it', () => {
    // June 2026 starts on a Monday and July on a Wednesday: May is the sum of its own weeks.
    const summer = figures();
    summer.from = '2026-05-01';
    summer.to = '2026-07-31';
    summer.total = 39;
    summer.buckets.gender = [
      { key: 'FEMALE', label: 'Female', count: 20 },
      { key: 'MALE', label: 'Male', count: 19 },
    ];
    summer.buckets.status = [
      { key: 'RESOLVED', label: 'Resolved', count: 20 },
      { key: 'CLOSED', label: 'Closed', count: 19 },
    ];
    summer.byOrganisation = [];
    summer.toFirstAction = summer.toResolution = NO_TIMES;
    summer.weekly = [
      { week: '2026-W18', startsOn: '2026-04-27', lodged: 0, resolved: 0 },
      { week: '2026-W19', startsOn: '2026-05-04', lodged: 6, resolved: 0 },
      { week: '2026-W23', startsOn: '2026-06-01', lodged: 3, resolved: 0 },
      { week: '2026-W27', startsOn: '2026-06-29', lodged: 5, resolved: 0 },
      { week: '2026-W28', startsOn: '2026-07-06', lodged: 25, resolved: 0 },
    ];
    summer.monthly = [
      { month: '2026-05', startsOn: '2026-05-01', lodged: 6 },
      { month: '2026-06', startsOn: '2026-06-01', lodged: 3 },
      { month: '2026-07', startsOn: '2026-07-01', lodged: 30 },
    ];
    const open = visibleStatistics(summer, false);
    // June's 3 is withheld, and May's 6 as its complement among the months...
    expect(open.monthly.map((month) => month.lodged.count)).toEqual([null, null, 30]);
    // ...and so May's weeks (its 6 and its zero): shown, they would give May back, and June from the total.
    // Week 27's 5 is the complement of June's week of 3 among the weeks.
    expect(open.weekly.map((week) => week.lodged.count)).toEqual([null, null, null, null, 25]);
    expect(open.total).toEqual({ count: 39, suppressed: false });
    const table = answerTable('summer', open);
    table.sums.push({ parent: 'summer/lodged-month:2026-05', children: ['summer/lodged:2026-W18', 'summer/lodged:2026-W19'] });
    expect(recoverBySubtraction(table)).toEqual(new Map());
  });

  it('keeps the same shape for everyone', () => {
    const shape = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(shape)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.keys(value)
                .sort()
                .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
            )
          : typeof value;
    const strip = (value: unknown) => JSON.stringify(shape(value)).replace(/"(number|object)"/g, '"value"');
    expect(strip(visibleStatistics(figures(), false))).toEqual(strip(visibleStatistics(figures(), true)));
  });
});
