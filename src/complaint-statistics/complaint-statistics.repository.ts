import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StatisticsPeriod } from './complaint-figures.js';
import { nextDay } from './iso-week.js';
import type { PercentileWalk } from './percentile.js';
import type { CellSum } from './statistics-buckets.js';

/**
 * The two times the mechanism is judged on, each the time from lodging to this column, kept in
 * order by indexes of migration 1764700000000.
 */
const MOMENTS = {
  toFirstAction: 'first_action_at',
  toResolution: 'resolved_at',
} as const;
export type Measure = keyof typeof MOMENTS;

export interface CellRow extends CellSum {
  organisation_name: string | null;
}

export interface MonthCellRow extends CellRow {
  month: string;
}

export interface DayRow {
  /** `status` counts the complaints lodged that day, `resolved_on` those resolved. */
  dimension: string;
  day: string;
  complaints: number;
}

export interface ReferenceRow {
  list: 'sector' | 'type' | 'area' | 'edges';
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  edges: number[] | null;
}

/** One percentile of one time for one organisation (null: complaints not referred; undefined: all complaints). */
export interface PercentileQuery {
  measure: Measure;
  organisation: string | null | undefined;
  walk: PercentileWalk;
}

/**
 * The SQL of the complaint statistics: the cells the database keeps per day, the lists they are
 * labelled by, and the walks of the ordered time indexes that find medians and 90th percentiles.
 */
@Injectable()
export class ComplaintStatisticsRepository {
  /** The period's counts per dimension, key and organisation (cells summing to zero left out), with the organisation's name. */
  cells(tx: EntityManager, period: StatisticsPeriod): Promise<CellRow[]> {
    const where = cellConditions(period);
    return tx.query(
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

  /** The same counts per calendar month (`month`: its first day), without names: what the public protection of a longer period adds up. */
  cellsByMonth(tx: EntityManager, period: StatisticsPeriod): Promise<MonthCellRow[]> {
    const where = cellConditions(period);
    return tx.query(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month, dimension, key, organisation_id, NULL AS organisation_name, complaints
         FROM (SELECT day - (extract(day FROM day)::int - 1) AS month, dimension, key, organisation_id, sum(complaints)::int AS complaints
                 FROM complaint_statistics_cells
                WHERE dimension <> 'resolved_on' ${where.sql}
                GROUP BY 1, dimension, key, organisation_id
               HAVING sum(complaints) > 0) cell`,
      where.parameters,
    );
  }

  /** Complaints lodged (status cells) and resolved (resolved_on cells) each day. */
  days(tx: EntityManager, period: StatisticsPeriod): Promise<DayRow[]> {
    const where = cellConditions(period);
    return tx.query(
      `SELECT dimension, to_char(day, 'YYYY-MM-DD') AS day, sum(complaints)::int AS complaints
         FROM complaint_statistics_cells
        WHERE dimension IN ('status', 'resolved_on') ${where.sql}
        GROUP BY dimension, day
       HAVING sum(complaints) > 0`,
      where.parameters,
    );
  }

  /** Every sector, type and area, and one `edges` row: where the time histograms are cut (complaint_statistics_time_edges()). */
  reference(tx: EntityManager): Promise<ReferenceRow[]> {
    return tx.query(
      `SELECT 'sector' AS list, id, code, name, NULL::uuid AS parent_id, NULL::float8[] AS edges FROM complaint_sectors
       UNION ALL SELECT 'type', id, code, name, NULL, NULL FROM complaint_types
       UNION ALL SELECT 'area', id, code, name, parent_id, NULL FROM areas
       UNION ALL SELECT 'edges', NULL, NULL, NULL, NULL, complaint_statistics_time_edges()`,
    );
  }

  /** The values each walk fetches, in seconds, tagged with the index of its query in `queries`; one statement for all. */
  async percentileValues(
    tx: EntityManager,
    queries: PercentileQuery[],
    period: StatisticsPeriod,
    edges: number[],
  ): Promise<Array<{ part: number; seconds: number }>> {
    if (!queries.length) return [];
    const statement = walkStatement(queries, period, edges);
    return tx.query(statement.sql, statement.parameters);
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
function walkStatement(queries: PercentileQuery[], period: StatisticsPeriod, edges: number[]): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const inPeriod: string[] = [];
  if (period.from) inPeriod.push(`created_at >= $${parameters.push(`${period.from}T00:00:00Z`)}::timestamptz`);
  if (period.to) inPeriod.push(`created_at < $${parameters.push(`${nextDay(period.to)}T00:00:00Z`)}::timestamptz`);
  const branches = queries.map(({ measure, organisation, walk }, index) => {
    const moment = MOMENTS[measure];
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
