import { COUNTED_DIMENSIONS, NO_TIMES, type ComplaintFigures } from './complaint-figures.js';
import { SMALLEST_PUBLIC_COUNT, visibleStatistics } from './statistics-visibility.js';

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
  };
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
