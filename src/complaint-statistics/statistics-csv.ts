import { stringify } from 'csv-stringify/sync';
import { COUNTED_DIMENSIONS, type CountedDimension } from './complaint-figures.js';
import { fieldOf } from './statistics-visibility.js';
import type { ComplaintStatistics, StatisticCount, TimeFigure } from './statistics-views.js';

const HEADER = [
  'dimension',
  'key',
  'label',
  'count',
  'suppressed',
  'first_action_complaints',
  'first_action_median_hours',
  'first_action_p90_hours',
  'first_action_suppressed',
  'resolution_complaints',
  'resolution_median_hours',
  'resolution_p90_hours',
  'resolution_suppressed',
];

const DIMENSION_NAMES: Record<CountedDimension, string> = {
  gender: 'gender',
  ageGroup: 'age_group',
  sector: 'sector',
  type: 'type',
  county: 'county',
  subCounty: 'sub_county',
  channel: 'channel',
  handlingOrganisation: 'handling_organisation',
  status: 'status',
};

type Cell = string | number | boolean | null;

/**
 * The statistics a viewer may see as CSV (RFC 4180): one row per dimension and value, the
 * overall times on the `total` row and each organisation's on its `handling_organisation` row,
 * then the weekly and the monthly series. A withheld count is empty with `suppressed` true.
 */
export function statisticsCsv(statistics: ComplaintStatistics): string {
  const times = (figure: TimeFigure | null): Cell[] =>
    figure ? [figure.count, figure.medianHours, figure.p90Hours, figure.suppressed] : [null, null, null, null];
  const row = (
    dimension: string,
    key: string | null,
    label: string,
    count: StatisticCount,
    toFirstAction: TimeFigure | null = null,
    toResolution: TimeFigure | null = null,
  ): Cell[] => [dimension, key, label, count.count, count.suppressed, ...times(toFirstAction), ...times(toResolution)];
  const organisationTimes = new Map(statistics.timesByOrganisation.map((o) => [o.organisationId, o]));
  const rows: Cell[][] = [HEADER, row('total', null, 'All complaints', statistics.total, statistics.timeToFirstAction, statistics.timeToResolution)];
  for (const dimension of COUNTED_DIMENSIONS) {
    for (const bucket of statistics[fieldOf(dimension)]) {
      const times = dimension === 'handlingOrganisation' ? organisationTimes.get(bucket.key) : undefined;
      rows.push(row(DIMENSION_NAMES[dimension], bucket.key, bucket.label, bucket, times?.toFirstAction, times?.toResolution));
    }
  }
  for (const week of statistics.weekly) rows.push(row('lodged_in_week', week.week, week.startsOn, week.lodged));
  for (const week of statistics.weekly) rows.push(row('resolved_in_week', week.week, week.startsOn, week.resolved));
  for (const month of statistics.monthly) rows.push(row('lodged_in_month', month.month, month.startsOn, month.lodged));
  return stringify(rows, {
    record_delimiter: 'windows',
    // Besides commas and quotes: any line break (csv-stringify quotes only the record delimiter, \r\n),
    // and leading or trailing spaces, which readers would trim.
    quoted_match: [/[\r\n]/, /^\s|\s$/],
    cast: { boolean: String, string: defuseFormula },
  });
}

/** A spreadsheet would run a label starting like a formula (organisation names are typed by people). */
function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
