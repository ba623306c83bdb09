import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClockService } from '../clock/clock.service.js';
import { groupBy } from '../graphql/loaders.js';
import { TransactionService } from '../database/transaction.service.js';
import {
  NO_TIMES,
  type ComplaintFigures,
  type OrganisationTimeFigures,
  type StatisticsPeriod,
  type MonthFigures,
  type TimeFigures,
  type WeekFigures,
} from './complaint-figures.js';
import {
  ComplaintStatisticsRepository,
  type CellRow,
  type DayRow,
  type Measure,
  type MonthCellRow,
  type PercentileQuery,
} from './complaint-statistics.repository.js';
import { dateToDay, isoWeekOf, isoWeeksBetween } from './iso-week.js';
import { percentileFrom, percentileWalk } from './percentile.js';
import { monthsOf } from './public-periods.js';
import { byLabel, dimensionBuckets, sumBy, type Classifications } from './statistics-buckets.js';

/** The cells holding each time's histogram per day, cut at the time edges. */
const HISTOGRAMS: Record<Measure, string> = {
  toFirstAction: 'acted_within',
  toResolution: 'resolved_within',
};
const MEASURES = Object.keys(HISTOGRAMS) as Measure[];

interface Reference extends Classifications {
  /** Seconds from lodging where the time histograms are cut (complaint_statistics_time_edges()). */
  timeEdges: number[];
}

/** One percentile of one time for one organisation (or for all, `organisation` undefined), read from its ordered index. */
interface WalkPart extends PercentileQuery {
  fraction: number;
}

/**
 * Reads the figures: the counts from the cells the database keeps per day, the medians and 90th
 * percentiles by walking the ordered time indexes to their rank. Two connections share one
 * snapshot, so every figure describes the same moment while both cores work.
 */
@Injectable()
export class ComplaintFiguresService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly statistics: ComplaintStatisticsRepository,
    private readonly clock: ClockService,
  ) {}

  async read(period: StatisticsPeriod): Promise<ComplaintFigures> {
    return (await this.readWithMonths(period, false)).figures;
  }

  /**
   * The figures of the period and, with `byMonth`, the counts (without medians) of each
   * calendar month it touches, all from one snapshot: the months are what the public
   * protection of a longer period is built from.
   */
  async readWithMonths(period: StatisticsPeriod, byMonth: boolean): Promise<{ figures: ComplaintFigures; months: ComplaintFigures[] }> {
    const today = dateToDay(this.clock.now());
    return this.transactions.readSnapshotTwice(async (first, second) => {
      // One statement at a time on each connection; the two connections work side by side.
      const [[cells, monthCells], [days, reference]] = await Promise.all([
        (async () => [await this.statistics.cells(first, period), byMonth ? await this.statistics.cellsByMonth(first, period) : []] as const)(),
        (async () => [await this.statistics.days(second, period), await this.reference(second)] as const)(),
      ]);
      const histograms = Object.fromEntries(MEASURES.map((measure) => [measure, histogramsOf(cells, measure, reference.timeEdges.length)])) as Record<
        Measure,
        Map<string | null, number[]>
      >;
      const times = await this.times([first, second], period, reference.timeEdges, histograms);
      const months = byMonth ? monthlyFigures(period, monthCells, days, reference, today) : [];
      return { figures: figuresOf(period, cells, days, reference, times, today), months };
    });
  }

  private async reference(tx: EntityManager): Promise<Reference> {
    const rows = await this.statistics.reference(tx);
    const of = (list: string) => rows.filter((row) => row.list === list);
    return {
      sectors: new Map(of('sector').map((s) => [s.id, s])),
      types: new Map(of('type').map((t) => [t.id, t])),
      areas: new Map(of('area').map((a) => [a.id, { code: a.code, name: a.name, parentId: a.parent_id }])),
      timeEdges: of('edges')[0].edges!.map(Number),
    };
  }

  /**
   * The medians and 90th percentiles of both times, overall and per organisation. Each
   * percentile is a walk of an ordered index from the histogram edge below its rank, fetching
   * the one or two values around it. The walks are shared out between the two connections by
   * the rows they will read, so both cores finish together.
   */
  private async times(
    managers: [EntityManager, EntityManager],
    period: StatisticsPeriod,
    edges: number[],
    histograms: Record<Measure, Map<string | null, number[]>>,
  ): Promise<Record<Measure, Map<string | null | undefined, TimeFigures>>> {
    const groups = (measure: Measure) => {
      const all = new Map<string | null | undefined, number[]>(histograms[measure]);
      // With an organisation filter its own figures are the overall ones.
      if (!period.organisationId)
        all.set(
          undefined,
          edges.concat(0).map((_, bucket) => [...histograms[measure].values()].reduce((total, h) => total + h[bucket], 0)),
        );
      return all;
    };
    const parts: WalkPart[] = [];
    for (const measure of MEASURES) {
      for (const [organisation, histogram] of groups(measure)) {
        for (const fraction of [0.5, 0.9]) {
          const walk = percentileWalk(histogram, fraction);
          if (walk) parts.push({ measure, organisation, fraction, walk });
        }
      }
    }
    const shares = shareOut(parts);
    const values = new Map<WalkPart, number[]>(parts.map((part) => [part, []]));
    await Promise.all(
      shares.map(async (share, index) => {
        const rows = await this.statistics.percentileValues(managers[index], share, period, edges);
        for (const row of rows) values.get(share[row.part])!.push(row.seconds);
      }),
    );
    const hours = (measure: Measure, organisation: string | null | undefined, fraction: number) => {
      const part = parts.find((p) => p.measure === measure && p.organisation === organisation && p.fraction === fraction);
      const seconds = part ? percentileFrom(part.walk, values.get(part)!) : null;
      return seconds === null ? null : Math.round((seconds / 3600) * 100) / 100;
    };
    const figuresFor = (measure: Measure) => {
      const figures = new Map(
        [...groups(measure)].map(([organisation, histogram]) => [
          organisation,
          { count: histogram.reduce((total, n) => total + n, 0), medianHours: hours(measure, organisation, 0.5), p90Hours: hours(measure, organisation, 0.9) },
        ]),
      );
      if (period.organisationId) figures.set(undefined, figures.get(period.organisationId) ?? NO_TIMES);
      return figures;
    };
    return { toFirstAction: figuresFor('toFirstAction'), toResolution: figuresFor('toResolution') };
  }
}

/**
 * The days a series runs over: from the first day a complaint of the period was lodged or
 * resolved to the period's last day (or today, without one). Null without any complaint.
 */
function seriesSpan(days: DayRow[], period: StatisticsPeriod, today: string): { first: string; last: string } | null {
  if (!days.length) return null;
  const sorted = days.map((d) => d.day).sort();
  const first = period.from && period.from > sorted[0] ? period.from : sorted[0];
  const latest = sorted[sorted.length - 1] > today ? sorted[sorted.length - 1] : today;
  const last = period.to && period.to < latest ? period.to : latest;
  return { first, last };
}

/** Every ISO week of the series' span: the weeks without complaints are shown as such. */
function weekly(days: DayRow[], period: StatisticsPeriod, today: string): WeekFigures[] {
  const span = seriesSpan(days, period, today);
  if (!span) return [];
  const weeks = new Map(isoWeeksBetween(span.first, span.last).map((week): [string, WeekFigures] => [week.week, { ...week, lodged: 0, resolved: 0 }]));
  for (const { dimension, day, complaints } of days) {
    const week = weeks.get(isoWeekOf(day).week);
    if (!week) continue;
    if (dimension === 'status') week.lodged += complaints;
    else week.resolved += complaints;
  }
  return [...weeks.values()];
}

/**
 * Every calendar month of the same span as the weeks, with the complaints lodged in it. Of a
 * public period, whose months are whole, each month's count is that month's own total.
 */
function monthly(days: DayRow[], period: StatisticsPeriod, today: string): MonthFigures[] {
  const span = seriesSpan(days, period, today);
  if (!span) return [];
  const months = new Map(
    monthsOf(span.first, span.last).map((m): [string, MonthFigures] => [m.from!.slice(0, 7), { month: m.from!.slice(0, 7), startsOn: m.from!, lodged: 0 }]),
  );
  for (const { dimension, day, complaints } of days) {
    const month = months.get(day.slice(0, 7));
    if (month && dimension === 'status') month.lodged += complaints;
  }
  return [...months.values()];
}

/**
 * Each calendar month of the period that holds a complaint lodged or resolved, counted alone,
 * without medians. A month without any withholds nothing, so the months before the first and
 * after the last are left out: the work follows the data, not the length of the period asked for
 * (an anonymous `from: "0001-01-01"` would otherwise cost twenty-four thousand months).
 */
function monthlyFigures(period: StatisticsPeriod, cells: MonthCellRow[], days: DayRow[], reference: Reference, today: string): ComplaintFigures[] {
  const dataDays = [...days.map((d) => d.day), ...cells.map((cell) => cell.month)].sort();
  if (!dataDays.length) return [];
  const first = period.from && period.from > dataDays[0] ? period.from : dataDays[0];
  const last = [period.to ?? today, dataDays[dataDays.length - 1]].sort()[0];
  const byMonth = groupBy(cells, (cell) => cell.month);
  return monthsOf(first, last).map((month) => {
    const ofMonth = byMonth.get(month.from!) ?? [];
    const daysOfMonth = days.filter((d) => d.day >= month.from! && d.day <= month.to!);
    return figuresOf(month, ofMonth, daysOfMonth, reference, countsOnly(ofMonth, reference.timeEdges.length), today);
  });
}

/** How many complaints each time is over, overall (undefined) and per organisation, with no median. */
function countsOnly(cells: CellRow[], edges: number): Record<Measure, Map<string | null | undefined, TimeFigures>> {
  const of = (measure: Measure) => {
    const counts = new Map<string | null | undefined, TimeFigures>(
      [...histogramsOf(cells, measure, edges)].map(([organisation, histogram]) => [
        organisation,
        { ...NO_TIMES, count: histogram.reduce((total, n) => total + n, 0) },
      ]),
    );
    counts.set(undefined, { ...NO_TIMES, count: [...counts.values()].reduce((total, figure) => total + figure.count, 0) });
    return counts;
  };
  return { toFirstAction: of('toFirstAction'), toResolution: of('toResolution') };
}

/** The walks in two shares of about as many rows to read, one per connection, the longest walks placed first. */
function shareOut(parts: WalkPart[]): [WalkPart[], WalkPart[]] {
  const shares: [WalkPart[], WalkPart[]] = [[], []];
  const load = [0, 0];
  for (const part of [...parts].sort((a, b) => b.walk.offset - a.walk.offset)) {
    const lighter = load[0] <= load[1] ? 0 : 1;
    shares[lighter].push(part);
    load[lighter] += part.walk.offset + part.walk.limit;
  }
  return shares;
}

/** Per organisation (null: not referred yet), how many complaints fall in each bucket of the time's histogram. */
function histogramsOf(cells: CellRow[], measure: Measure, edges: number): Map<string | null, number[]> {
  const perOrganisation = new Map<string | null, number[]>();
  for (const cell of cells.filter((c) => c.dimension === HISTOGRAMS[measure])) {
    const histogram = perOrganisation.get(cell.organisation_id) ?? new Array<number>(edges + 1).fill(0);
    histogram[Number(cell.key)] += cell.complaints;
    perOrganisation.set(cell.organisation_id, histogram);
  }
  return perOrganisation;
}

/** The figures of the period from what was read: counts by dimension and organisation, the times, the weeks and months. */
function figuresOf(
  period: StatisticsPeriod,
  cells: CellRow[],
  days: DayRow[],
  reference: Reference,
  times: Record<Measure, Map<string | null | undefined, TimeFigures>>,
  today: string,
): ComplaintFigures {
  const byOrganisation = sumBy(
    cells.filter((cell) => cell.dimension === 'status'),
    (cell) => cell.organisation_id,
  );
  const names = new Map(
    cells.filter((cell) => cell.organisation_id !== null).map((cell) => [cell.organisation_id!, cell.organisation_name ?? cell.organisation_id!]),
  );
  const organisations = [...byOrganisation.keys()].sort(byLabel((id) => (id === null ? null : (names.get(id) ?? id))));
  const organisationLabel = (id: string | null) => (id === null ? 'Not referred yet' : (names.get(id) ?? id));
  return {
    ...period,
    total: [...byOrganisation.values()].reduce((total, count) => total + count, 0),
    buckets: {
      ...dimensionBuckets(cells, reference),
      handlingOrganisation: organisations.map((id) => ({ key: id, label: organisationLabel(id), count: byOrganisation.get(id) ?? 0 })),
    },
    toFirstAction: times.toFirstAction.get(undefined) ?? NO_TIMES,
    toResolution: times.toResolution.get(undefined) ?? NO_TIMES,
    byOrganisation: organisations.map((id): OrganisationTimeFigures => ({
      organisationId: id,
      label: organisationLabel(id),
      toFirstAction: times.toFirstAction.get(id) ?? NO_TIMES,
      toResolution: times.toResolution.get(id) ?? NO_TIMES,
    })),
    weekly: weekly(days, period, today),
    monthly: monthly(days, period, today),
  };
}
