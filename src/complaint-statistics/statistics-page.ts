import type { Translate } from '../web/catalogues.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { barChart, columnChart, type ChartDatum, type ChartOptions } from '../web/svg-charts.js';
import type { ComplaintStatistics, StatisticBucket, StatisticCount } from './statistics-views.js';

/** One chart of the page and the table of the same figures beside it. */
export interface StatisticsChart {
  id: string;
  heading: string;
  /** The SVG, drawn here; the template puts it in the page as it is. */
  svg: string;
  labelHeading: string;
  valueHeading: string;
  /** `value` is written for the page's language; null when withheld. */
  rows: Array<{ label: string; value: string | null }>;
  /** What the figures mean, when the heading cannot say it alone. */
  note?: string;
}

/** The breakdowns the page draws, in order, and how a bucket without a value is named in each. */
const BREAKDOWNS = [
  { field: 'bySector', id: 'sector', unnamed: 'statistics.unclassified' },
  { field: 'byType', id: 'type', unnamed: 'statistics.unclassified' },
  { field: 'byCounty', id: 'county', unnamed: 'statistics.unclassified' },
  { field: 'bySubCounty', id: 'subCounty', unnamed: 'statistics.noSubCounty' },
  { field: 'byGender', id: 'gender', unnamed: 'statistics.notGiven' },
  { field: 'byAgeGroup', id: 'ageGroup', unnamed: 'statistics.notGiven' },
] as const;

/** Genders and age groups are the mechanism's own values, named in the catalogues; sectors, types and areas are named by their lists. */
const NAMED_IN_CATALOGUES = new Set(['gender', 'ageGroup']);

/**
 * The charts of the statistics page, from the statistics the viewer was given: a withheld
 * count stays withheld in the picture and in the table, since both are drawn from this one result.
 */
export function statisticsCharts(statistics: ComplaintStatistics, page: Pick<PageLocals, 't' | 'lang' | 'dir' | 'format'>): StatisticsChart[] {
  const { t, format } = page;
  const chart = (id: string, draw: typeof barChart, data: ChartDatum[], fractionDigits = 0): StatisticsChart => {
    const heading = t(`statistics.${id}.heading`);
    const options: ChartOptions = { name: heading, lang: page.lang, dir: page.dir, withheldText: t('statistics.withheld'), fractionDigits };
    const number = new Intl.NumberFormat(page.lang, { maximumFractionDigits: fractionDigits });
    return {
      id,
      heading,
      svg: draw(data, options),
      labelHeading: t(`statistics.${id}.label`),
      valueHeading: t(`statistics.${id}.value`),
      rows: data.map((d) => ({ label: d.label, value: d.value === null ? null : number.format(d.value) })),
    };
  };
  const breakdowns = BREAKDOWNS.map(({ field, id, unnamed }) =>
    chart(
      id,
      barChart,
      statistics[field].map((bucket) => ({ label: bucketLabel(bucket, id, unnamed, t), value: shown(bucket) })),
    ),
  );
  const tick = new Intl.DateTimeFormat(page.lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const weeks = chart(
    'weekly',
    columnChart,
    statistics.weekly.map((week) => {
      const monday = `${week.startsOn}T12:00:00Z`;
      return { label: format.date(monday), tick: tick.format(new Date(monday)), value: shown(week.lodged) };
    }),
  );
  const monthName = new Intl.DateTimeFormat(page.lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  // Under the columns the short month, with its year under the first column and each January.
  const monthTick = new Intl.DateTimeFormat(page.lang, { month: 'short', timeZone: 'UTC' });
  const monthYearTick = new Intl.DateTimeFormat(page.lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const months = chart(
    'monthly',
    columnChart,
    statistics.monthly.map((month, index) => {
      const first = new Date(`${month.startsOn}T12:00:00Z`);
      const tick = index === 0 || month.month.endsWith('-01') ? monthYearTick : monthTick;
      return { label: monthName.format(first), tick: tick.format(first), value: shown(month.lodged) };
    }),
  );
  const times = { ...chart('times', barChart, timeData(statistics, t), 1), note: t('statistics.times.note') };
  // The public asks for whole months, and a week at either end of its period holds only the days inside it:
  // the months are its series. Those who may read every figure, for any days, get the weeks too.
  return [...breakdowns, months, ...(statistics.smallCountsSuppressed ? [] : [weeks]), times];
}

/** The medians and 90th percentiles, in hours: withheld with the count they are over. */
function timeData(statistics: ComplaintStatistics, t: Translate): ChartDatum[] {
  const figures = [
    { key: 'firstAction', figure: statistics.timeToFirstAction },
    { key: 'resolution', figure: statistics.timeToResolution },
  ];
  // A time no complaint has reached yet has no figure at all: left out rather than drawn as zero hours.
  return figures
    .filter(({ figure }) => figure.suppressed || figure.medianHours !== null)
    .flatMap(({ key, figure }) => [
      { label: t(`statistics.times.${key}Median`), value: figure.suppressed ? null : figure.medianHours },
      { label: t(`statistics.times.${key}P90`), value: figure.suppressed ? null : figure.p90Hours },
    ]);
}

function bucketLabel(bucket: StatisticBucket, dimension: string, unnamed: string, t: Translate): string {
  if (bucket.key === null) return t(unnamed);
  return NAMED_IN_CATALOGUES.has(dimension) ? t(`statistics.${dimension}.${bucket.key}`) : bucket.label;
}

const shown = (count: StatisticCount): number | null => (count.suppressed ? null : count.count);
