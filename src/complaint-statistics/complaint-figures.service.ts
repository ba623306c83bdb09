import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { ClockService } from '../clock/clock.service.js';
import { NO_TIMES, type ComplaintFigures, type OrganisationTimeFigures, type StatisticsPeriod, type TimeFigures, type WeekFigures } from './complaint-figures.js';
import { dateToDay, isoWeekOf, isoWeeksBetween, nextDay } from './iso-week.js';
import { percentileFrom, percentileWalk, type PercentileWalk } from './percentile.js';
import { byLabel, dimensionBuckets, sumBy, type CellSum, type Classifications } from './statistics-buckets.js';

/**
 * The two times the mechanism is judged on: each kept in order by indexes of migration
 * 1764700000000, with a histogram per day in the cells.
 */
const MEASURES = {
  toFirstAction: { moment: 'first_action_at', histogram: 'acted_within' },
  toResolution: { moment: 'resolved_at', histogram: 'resolved_within' },
} as const;
type Measure = keyof typeof MEASURES;

interface CellRow extends CellSum {
  organisation_name: string | null;
}

interface Reference extends Classifications {
  /** Seconds from lodging where the time histograms are cut (complaint_statistics_time_edges()). */
  timeEdges: number[];
}

/** One percentile of one time for one organisation (or for all, `organisation` undefined), read from its ordered index. */
interface WalkPart {
  measure: Measure;
  organisation: string | null | undefined;
  fraction: number;
  walk: PercentileWalk;
}

/**
 * Reads the figures: the counts from the cells the database keeps per day, the medians and 90th
 * percentiles by walking the ordered time indexes to their rank. Two connections share one
 * snapshot, so every figure describes the same moment while both cores work.
 */
@Injectable()
export class ComplaintFiguresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
  ) {}

  async read(period: StatisticsPeriod): Promise<ComplaintFigures> {
    const today = dateToDay(this.clock.now());
    const [first, second] = [this.db.createQueryRunner(), this.db.createQueryRunner()];
    try {
      await Promise.all([first.connect(), second.connect()]);
      await first.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [{ snapshot }]: Array<{ snapshot: string }> = await first.query('SELECT pg_export_snapshot() AS snapshot');
      await second.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await second.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshot)}`);

      // One statement at a time on each connection; the two connections work side by side.
      const [cells, [days, reference]] = await Promise.all([
        this.cells(first, period),
        (async () => [await this.days(second, period), await this.reference(second)] as const)(),
      ]);
      const counted = (dimension: string) => cells.filter((cell) => cell.dimension === dimension);
      const byOrganisation = sumBy(counted('status'), (cell) => cell.organisation_id);
      const names = new Map(cells.filter((cell) => cell.organisation_id !== null).map((cell) => [cell.organisation_id!, cell.organisation_name ?? cell.organisation_id!]));
      const histograms = (measure: Measure) => {
        const perOrganisation = new Map<string | null, number[]>();
        for (const cell of counted(MEASURES[measure].histogram)) {
          const histogram = perOrganisation.get(cell.organisation_id) ?? new Array<number>(reference.timeEdges.length + 1).fill(0);
          histogram[Number(cell.key)] += cell.complaints;
          perOrganisation.set(cell.organisation_id, histogram);
        }
        return perOrganisation;
      };
      const { toFirstAction: firstAction, toResolution: resolution } = await this.times([first, second], period, reference.timeEdges, {
        toFirstAction: histograms('toFirstAction'),
        toResolution: histograms('toResolution'),
      });

      const organisations = [...byOrganisation.keys()].sort(byLabel((id) => (id === null ? null : (names.get(id) ?? id))));
      const organisationLabel = (id: string | null) => (id === null ? 'Not referred yet' : (names.get(id) ?? id));
      return {
        ...period,
        total: [...byOrganisation.values()].reduce((total, count) => total + count, 0),
        buckets: {
          ...dimensionBuckets(cells, reference),
          handlingOrganisation: organisations.map((id) => ({ key: id, label: organisationLabel(id), count: byOrganisation.get(id) ?? 0 })),
        },
        toFirstAction: firstAction.get(undefined) ?? NO_TIMES,
        toResolution: resolution.get(undefined) ?? NO_TIMES,
        byOrganisation: organisations.map(
          (id): OrganisationTimeFigures => ({
            organisationId: id,
            label: organisationLabel(id),
            toFirstAction: firstAction.get(id) ?? NO_TIMES,
            toResolution: resolution.get(id) ?? NO_TIMES,
          }),
        ),
        weekly: weekly(days, period, today),
      };
    } finally {
      await Promise.all([release(first), release(second)]);
    }
  }

  private cells(runner: QueryRunner, period: StatisticsPeriod): Promise<CellRow[]> {
    const where = cellConditions(period);
    return runner.query(
      `SELECT cell.*, organisation.name AS organisation_name
         FROM (SELECT dimension, key, organisation_id, sum(complaints)::int AS complaints
                 FROM complaint_statistics_cells
                WHERE dimension <> 'resolved_on' ${where.sql}
                GROUP BY dimension, key, organisation_id
               HAVING sum(complaints) > 0) cell
         LEFT JOIN organisations organisation ON organisation.id = cell.organisation_id`,
      where.parameters,
    );
  }

  /** Complaints lodged (status cells) and resolved (resolved_on cells) each day. */
  private days(runner: QueryRunner, period: StatisticsPeriod): Promise<Array<{ dimension: string; day: string; complaints: number }>> {
    const where = cellConditions(period);
    return runner.query(
      `SELECT dimension, to_char(day, 'YYYY-MM-DD') AS day, sum(complaints)::int AS complaints
         FROM complaint_statistics_cells
        WHERE dimension IN ('status', 'resolved_on') ${where.sql}
        GROUP BY dimension, day
       HAVING sum(complaints) > 0`,
      where.parameters,
    );
  }

  private async reference(runner: QueryRunner): Promise<Reference> {
    const rows: Array<{ list: 'sector' | 'type' | 'area'; id: string; code: string; name: string; parent_id: string | null; edges: number[] | null }> = await runner.query(
      `SELECT 'sector' AS list, id, code, name, NULL::uuid AS parent_id, NULL::float8[] AS edges FROM complaint_sectors
       UNION ALL SELECT 'type', id, code, name, NULL, NULL FROM complaint_types
       UNION ALL SELECT 'area', id, code, name, parent_id, NULL FROM areas
       UNION ALL SELECT 'edges', NULL, NULL, NULL, NULL, complaint_statistics_time_edges()`,
    );
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
    runners: [QueryRunner, QueryRunner],
    period: StatisticsPeriod,
    edges: number[],
    histograms: Record<Measure, Map<string | null, number[]>>,
  ): Promise<Record<Measure, Map<string | null | undefined, TimeFigures>>> {
    const groups = (measure: Measure) => {
      const all = new Map<string | null | undefined, number[]>(histograms[measure]);
      // With an organisation filter its own figures are the overall ones.
      if (!period.organisationId) all.set(undefined, edges.concat(0).map((_, bucket) => [...histograms[measure].values()].reduce((total, h) => total + h[bucket], 0)));
      return all;
    };
    const parts: WalkPart[] = [];
    for (const measure of Object.keys(MEASURES) as Measure[]) {
      for (const [organisation, histogram] of groups(measure)) {
        for (const fraction of [0.5, 0.9]) {
          const walk = percentileWalk(histogram, fraction);
          if (walk) parts.push({ measure, organisation, fraction, walk });
        }
      }
    }
    const shares: [WalkPart[], WalkPart[]] = [[], []];
    const load = [0, 0];
    for (const part of [...parts].sort((a, b) => b.walk.offset - a.walk.offset)) {
      const lighter = load[0] <= load[1] ? 0 : 1;
      shares[lighter].push(part);
      load[lighter] += part.walk.offset + part.walk.limit;
    }
    const values = new Map<WalkPart, number[]>(parts.map((part) => [part, []]));
    await Promise.all(
      shares.map(async (share, index) => {
        if (!share.length) return;
        const statement = walkStatement(share, period, edges);
        const rows: Array<{ part: number; seconds: number }> = await runners[index].query(statement.sql, statement.parameters);
        for (const row of rows) values.get(share[row.part])!.push(row.seconds);
      }),
    );
    const hours = (measure: Measure, organisation: string | null | undefined, fraction: number) => {
      const part = parts.find((p) => p.measure === measure && p.organisation === organisation && p.fraction === fraction);
      const seconds = part ? percentileFrom(part.walk, values.get(part)!) : null;
      return seconds === null ? null : Math.round((seconds / 3600) * 100) / 100;
    };
    const figuresOf = (measure: Measure) => {
      const figures = new Map(
        [...groups(measure)].map(([organisation, histogram]) => [
          organisation,
          { count: histogram.reduce((total, n) => total + n, 0), medianHours: hours(measure, organisation, 0.5), p90Hours: hours(measure, organisation, 0.9) },
        ]),
      );
      if (period.organisationId) figures.set(undefined, figures.get(period.organisationId) ?? NO_TIMES);
      return figures;
    };
    return { toFirstAction: figuresOf('toFirstAction'), toResolution: figuresOf('toResolution') };
  }
}

/** Cells of the period and organisation; a cell's day is its lodging day, or the resolution day for `resolved_on`. */
function cellConditions(period: StatisticsPeriod): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const conditions: string[] = [];
  if (period.from) conditions.push(`day >= $${parameters.push(period.from)}::date`);
  if (period.to) conditions.push(`day <= $${parameters.push(period.to)}::date`);
  if (period.organisationId) conditions.push(`organisation_id = $${parameters.push(period.organisationId)}::uuid`);
  return { sql: conditions.map((condition) => `AND ${condition}`).join(' '), parameters };
}

/**
 * One branch per percentile. Each orders by the very expression its index is built on, with
 * the index's own conditions, so PostgreSQL reads it with an index-only scan from the edge of
 * the histogram bucket and stops after `offset + limit` rows.
 */
function walkStatement(parts: WalkPart[], period: StatisticsPeriod, edges: number[]): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const inPeriod: string[] = [];
  if (period.from) inPeriod.push(`created_at >= $${parameters.push(`${period.from}T00:00:00Z`)}::timestamptz`);
  if (period.to) inPeriod.push(`created_at < $${parameters.push(`${nextDay(period.to)}T00:00:00Z`)}::timestamptz`);
  const branches = parts.map(({ measure, organisation, walk }, index) => {
    const moment = MEASURES[measure].moment;
    const time = `${moment} - created_at`;
    const conditions = [`merged_into_id IS NULL`, `${moment} IS NOT NULL`, ...inPeriod];
    if (organisation === null) conditions.push('handling_organisation_id IS NULL');
    else if (organisation !== undefined) conditions.push(`handling_organisation_id = $${parameters.push(organisation)}::uuid`);
    // Bucket b runs from edge b − 1 (inclusive) to edge b, as width_bucket counts.
    if (walk.descending && walk.bucket < edges.length) conditions.push(`${time} < $${parameters.push(`${edges[walk.bucket]} seconds`)}::interval`);
    if (!walk.descending && walk.bucket > 0) conditions.push(`${time} >= $${parameters.push(`${edges[walk.bucket - 1]} seconds`)}::interval`);
    return `(SELECT ${index} AS part, date_part('epoch', ${time}) AS seconds
               FROM complaints
              WHERE ${conditions.join(' AND ')}
              ORDER BY ${time}${walk.descending ? ' DESC' : ''}
             OFFSET ${walk.offset} LIMIT ${walk.limit})`;
  });
  return { sql: branches.join('\nUNION ALL\n'), parameters };
}

/**
 * Every ISO week from the first day a complaint of the period was lodged or resolved to the
 * period's last day (or today, without one): the weeks without complaints are shown as such.
 */
function weekly(days: Array<{ dimension: string; day: string; complaints: number }>, period: StatisticsPeriod, today: string): WeekFigures[] {
  if (!days.length) return [];
  const sorted = days.map((d) => d.day).sort();
  const first = period.from && period.from > sorted[0] ? period.from : sorted[0];
  const latest = sorted[sorted.length - 1] > today ? sorted[sorted.length - 1] : today;
  const last = period.to && period.to < latest ? period.to : latest;
  const weeks = new Map(isoWeeksBetween(first, last).map((week): [string, WeekFigures] => [week.week, { ...week, lodged: 0, resolved: 0 }]));
  for (const { dimension, day, complaints } of days) {
    const week = weeks.get(isoWeekOf(day).week);
    if (!week) continue;
    if (dimension === 'status') week.lodged += complaints;
    else week.resolved += complaints;
  }
  return [...weeks.values()];
}

function quoteLiteral(value: string): string {
  if (!/^[0-9A-F-]+$/i.test(value)) throw new Error(`unexpected snapshot id ${value}`);
  return `'${value}'`;
}

async function release(runner: QueryRunner): Promise<void> {
  if (runner.isReleased) return;
  try {
    await runner.query('ROLLBACK');
  } finally {
    await runner.release();
  }
}
