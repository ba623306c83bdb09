import { isoWeekOf, isoWeeksBetween, nextDay } from './iso-week.js';

describe('ISO weeks', () => {
  it('puts a day in the week of its Monday, numbered by the year of its Thursday', () => {
    expect(isoWeekOf('2026-01-05')).toEqual({ week: '2026-W02', startsOn: '2026-01-05' });
    expect(isoWeekOf('2026-01-11')).toEqual({ week: '2026-W02', startsOn: '2026-01-05' });
    // 1 January 2026 is a Thursday: its week is the first of 2026 although it starts in 2025.
    expect(isoWeekOf('2025-12-29')).toEqual({ week: '2026-W01', startsOn: '2025-12-29' });
    // 2026 has 53 weeks; 1 January 2027 (a Friday) is still in the last of them.
    expect(isoWeekOf('2027-01-01')).toEqual({ week: '2026-W53', startsOn: '2026-12-28' });
    expect(isoWeekOf('2027-01-04')).toEqual({ week: '2027-W01', startsOn: '2027-01-04' });
  });

  it('lists every week between two days, both ends included', () => {
    expect(isoWeeksBetween('2026-12-24', '2027-01-06').map((w) => w.week)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
    expect(isoWeeksBetween('2026-01-07', '2026-01-07')).toEqual([{ week: '2026-W02', startsOn: '2026-01-05' }]);
  });

  it('steps over month and leap-year ends', () => {
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
