import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { lastDayOfMonth } from '../public-periods.js';
import type { ComplaintStatisticsFilter } from './complaint-statistics-filter.input.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A form sends its empty fields as empty strings: they mean "from the first complaint" and "to the last month ended". */
const EmptyIsUnset = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));

/**
 * The statistics page's address: `/statistics?from=YYYY-MM&to=YYYY-MM`, what its form sends.
 * Months, not days: the public figures are for whole calendar months, so the page asks only
 * for what the public may be given.
 */
export class StatisticsPageQuery {
  @EmptyIsUnset()
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month written YYYY-MM' })
  from?: string;

  @EmptyIsUnset()
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month written YYYY-MM' })
  to?: string;

  /** Read by the page's language choice; listed so that validation knows it. */
  @IsOptional()
  @IsString()
  lang?: string;

  /** The same filter as the GraphQL query's: from the first day of the first month to the last day of the last. */
  filter(): ComplaintStatisticsFilter {
    return { from: this.from && `${this.from}-01`, to: this.to && lastDayOfMonth(`${this.to}-01`) };
  }
}
