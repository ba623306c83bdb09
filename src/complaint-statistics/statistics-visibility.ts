import { COUNTED_DIMENSIONS, type ComplaintFigures, type CountedDimension, type TimeFigures } from './complaint-figures.js';
import type { ComplaintStatistics, StatisticBucket, StatisticCount, TimeFigure } from './statistics-views.js';

/**
 * The smallest number of complaints published to the public. Below it a count, or a time
 * over that many complaints, could point at the people who complained (the one walk-in from
 * a sub-county in a given week); the partners publicise the mechanism on the promise that
 * public statistics never expose a complainant.
 */
export const SMALLEST_PUBLIC_COUNT = 5;

/** A count of 1 to 4: never published. Zero is shown, since it exposes nobody. */
export function isWithheld(count: number): boolean {
  return count > 0 && count < SMALLEST_PUBLIC_COUNT;
}

/**
 * What one viewer gets of the figures: everything when CASL lets them read ComplaintStatistics
 * (conveners, referral partners' and implementers' staff, administrators), otherwise the same
 * shape with every count of 1 to 4 — and every time over 1 to 4 complaints — withheld. Zero is
 * shown: it exposes nobody. The CSV and the PDF are drawn from this result, never from the figures.
 */
export function visibleStatistics(figures: ComplaintFigures, fullAccess: boolean): ComplaintStatistics {
  const withheld = (count: number) => !fullAccess && isWithheld(count);
  const count = (value: number): StatisticCount => (withheld(value) ? { count: null, suppressed: true } : { count: value, suppressed: false });
  const time = (figure: TimeFigures): TimeFigure =>
    withheld(figure.count) ? { count: null, suppressed: true, medianHours: null, p90Hours: null } : { ...figure, suppressed: false };
  const buckets = (dimension: CountedDimension): StatisticBucket[] =>
    figures.buckets[dimension].map((bucket) => ({ key: bucket.key, label: bucket.label, ...count(bucket.count) }));
  const byDimension = Object.fromEntries(COUNTED_DIMENSIONS.map((dimension) => [fieldOf(dimension), buckets(dimension)])) as Pick<
    ComplaintStatistics,
    DimensionField
  >;
  return {
    from: figures.from,
    to: figures.to,
    organisationId: figures.organisationId,
    smallCountsSuppressed: !fullAccess,
    total: count(figures.total),
    ...byDimension,
    timeToFirstAction: time(figures.toFirstAction),
    timeToResolution: time(figures.toResolution),
    timesByOrganisation: figures.byOrganisation.map((organisation) => ({
      organisationId: organisation.organisationId,
      label: organisation.label,
      toFirstAction: time(organisation.toFirstAction),
      toResolution: time(organisation.toResolution),
    })),
    weekly: figures.weekly.map((week) => ({ week: week.week, startsOn: week.startsOn, lodged: count(week.lodged), resolved: count(week.resolved) })),
  };
}

type DimensionField = `by${Capitalize<CountedDimension>}`;

/** `gender` → `byGender`: the GraphQL field, and the order the CSV and PDF list the dimensions in. */
export function fieldOf(dimension: CountedDimension): DimensionField {
  return `by${dimension[0].toUpperCase()}${dimension.slice(1)}` as DimensionField;
}
