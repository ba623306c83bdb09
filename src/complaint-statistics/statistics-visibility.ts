import { COUNTED_DIMENSIONS, type ComplaintFigures, type CountedDimension, type TimeFigures } from './complaint-figures.js';
import { protectCounts, type CountGroup } from './protect-counts.js';
import type { ComplaintStatistics, StatisticBucket, StatisticCount, TimeFigure } from './statistics-views.js';

export { isWithheld, SMALLEST_PUBLIC_COUNT } from './protect-counts.js';

/** Names one published count of the figures, the same in every period: `["gender","FEMALE"]`, `["lodged","2026-W03"]`, `["lodged","2026-01"]`. */
export type CellName = string;
const cell = (...parts: Array<string | null>): CellName => JSON.stringify(parts);
const TOTAL = cell('total');
const MEASURES = ['toFirstAction', 'toResolution'] as const;

/**
 * The counts of the figures that the public must not see: every count of 1 to 4 and the
 * complements that stop anyone working them back (`protectCounts`). The breakdowns that add up
 * to the total are every dimension and the complaints lodged each week and each month; the weeks
 * of a month whose first and last weeks lie inside it add up to that month; the organisations'
 * times add up to the overall times; the weekly resolutions add up to nothing published.
 *
 * The weeks of months that share a week add up to those months together, which is no breakdown of
 * a published count: the public is never given such a table from here alone, since its periods
 * are protected one month at a time (ComplaintStatisticsService), and a month's table has one month.
 */
export function withheldCells(figures: ComplaintFigures): Set<CellName> {
  const names: CellName[] = [];
  const counts: number[] = [];
  const add = (name: CellName, count: number) => {
    names.push(name);
    return counts.push(count) - 1;
  };
  const total = add(TOTAL, figures.total);
  const groups: CountGroup[] = COUNTED_DIMENSIONS.map((dimension) => ({
    parent: total,
    children: figures.buckets[dimension].map((bucket) => add(cell(dimension, bucket.key), bucket.count)),
  }));
  const weeks = figures.weekly.map((week) => add(cell('lodged', week.week), week.lodged));
  groups.push({ parent: total, children: weeks });
  groups.push({ parent: null, children: figures.weekly.map((week) => add(cell('resolved', week.week), week.resolved)) });
  const months = figures.monthly.map((month) => add(cell('lodged', month.month), month.lodged));
  groups.push({ parent: total, children: months });
  for (const { month, weeksOf } of monthsOfWholeWeeks(figures)) groups.push({ parent: months[month], children: weeksOf.map((week) => weeks[week]) });
  for (const measure of MEASURES) {
    const overall = add(cell(measure), figures[measure].count);
    groups.push({ parent: overall, children: figures.byOrganisation.map((o) => add(cell(measure, o.organisationId), o[measure].count)) });
  }
  const withheld = protectCounts(counts, groups);
  return new Set(names.filter((_, index) => withheld[index]));
}

/**
 * The months whose lodged count is also a sum of weeks (indexes into `weekly`): a month whose
 * first week starts in it (or starts the series) and whose last week ends in it (or ends the
 * series). Of a table of one month, that month and every week.
 */
function monthsOfWholeWeeks(figures: ComplaintFigures): Array<{ month: number; weeksOf: number[] }> {
  const isMonday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
  return figures.monthly.flatMap((month, index) => {
    const next = figures.monthly[index + 1];
    if ((index > 0 && !isMonday(month.startsOn)) || (next && !isMonday(next.startsOn))) return [];
    const weeksOf = figures.weekly.flatMap((week, w) =>
      (index === 0 || week.startsOn >= month.startsOn) && (!next || week.startsOn < next.startsOn) ? [w] : [],
    );
    return [{ month: index, weeksOf }];
  });
}

/**
 * What one viewer gets of the figures: everything when CASL lets them read ComplaintStatistics
 * (conveners, referral partners' and implementers' staff, administrators), otherwise the same
 * shape with the `withheld` counts — and the times over them — null. The CSV and the PDF are
 * drawn from this result, never from the figures.
 */
export function visibleStatistics(
  figures: ComplaintFigures,
  fullAccess: boolean,
  withheld: ReadonlySet<CellName> = withheldCells(figures),
): ComplaintStatistics {
  const hidden = (name: CellName) => !fullAccess && withheld.has(name);
  const count = (name: CellName, value: number): StatisticCount => (hidden(name) ? { count: null, suppressed: true } : { count: value, suppressed: false });
  const time = (name: CellName, figure: TimeFigures): TimeFigure =>
    hidden(name) ? { count: null, suppressed: true, medianHours: null, p90Hours: null } : { ...figure, suppressed: false };
  const buckets = (dimension: CountedDimension): StatisticBucket[] =>
    figures.buckets[dimension].map((bucket) => ({ key: bucket.key, label: bucket.label, ...count(cell(dimension, bucket.key), bucket.count) }));
  const byDimension = Object.fromEntries(COUNTED_DIMENSIONS.map((dimension) => [fieldOf(dimension), buckets(dimension)])) as Pick<
    ComplaintStatistics,
    DimensionField
  >;
  return {
    from: figures.from,
    to: figures.to,
    organisationId: figures.organisationId,
    smallCountsSuppressed: !fullAccess,
    total: count(TOTAL, figures.total),
    ...byDimension,
    timeToFirstAction: time(cell('toFirstAction'), figures.toFirstAction),
    timeToResolution: time(cell('toResolution'), figures.toResolution),
    timesByOrganisation: figures.byOrganisation.map((organisation) => ({
      organisationId: organisation.organisationId,
      label: organisation.label,
      toFirstAction: time(cell('toFirstAction', organisation.organisationId), organisation.toFirstAction),
      toResolution: time(cell('toResolution', organisation.organisationId), organisation.toResolution),
    })),
    weekly: figures.weekly.map((week) => ({
      week: week.week,
      startsOn: week.startsOn,
      lodged: count(cell('lodged', week.week), week.lodged),
      resolved: count(cell('resolved', week.week), week.resolved),
    })),
    monthly: figures.monthly.map((month) => ({ month: month.month, startsOn: month.startsOn, lodged: count(cell('lodged', month.month), month.lodged) })),
  };
}

type DimensionField = `by${Capitalize<CountedDimension>}`;

/** `gender` → `byGender`: the GraphQL field, and the order the CSV and PDF list the dimensions in. */
export function fieldOf(dimension: CountedDimension): DimensionField {
  return `by${dimension[0].toUpperCase()}${dimension.slice(1)}` as DimensionField;
}
