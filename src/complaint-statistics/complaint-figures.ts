/** The figures of the complaint mechanism as counted, before the visibility rule decides what a viewer gets. */

export interface StatisticsPeriod {
  /** First lodging day counted, `YYYY-MM-DD` (UTC); null from the first complaint. */
  from: string | null;
  /** Last lodging day counted, inclusive; null up to now. */
  to: string | null;
  /** Only the complaints this organisation handles. */
  organisationId: string | null;
}

/** In the order the statistics list them; the GraphQL field of each is `by` + its name capitalised. */
export const COUNTED_DIMENSIONS = ['gender', 'ageGroup', 'sector', 'type', 'county', 'subCounty', 'channel', 'handlingOrganisation', 'status'] as const;
export type CountedDimension = (typeof COUNTED_DIMENSIONS)[number];

export interface BucketFigure {
  /** Enum value, code of a sector, type or area, or organisation id; null for "not given". */
  key: string | null;
  label: string;
  count: number;
}

export interface TimeFigures {
  /** Complaints the figures are over: those that got that far. */
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface OrganisationTimeFigures {
  organisationId: string | null;
  label: string;
  toFirstAction: TimeFigures;
  toResolution: TimeFigures;
}

export interface WeekFigures {
  week: string;
  startsOn: string;
  lodged: number;
  resolved: number;
}

/** One calendar month (UTC) and the complaints lodged in it. */
export interface MonthFigures {
  /** `2026-01`. */
  month: string;
  /** Its first day, `YYYY-MM-DD`. */
  startsOn: string;
  lodged: number;
}

export interface ComplaintFigures extends StatisticsPeriod {
  total: number;
  buckets: Record<CountedDimension, BucketFigure[]>;
  toFirstAction: TimeFigures;
  toResolution: TimeFigures;
  byOrganisation: OrganisationTimeFigures[];
  weekly: WeekFigures[];
  monthly: MonthFigures[];
}

export const NO_TIMES: TimeFigures = { count: 0, medianHours: null, p90Hours: null };
