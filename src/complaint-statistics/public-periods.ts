import type { StatisticsPeriod } from './complaint-figures.js';
import { organisationFilterNotPublic, periodNotEnded, periodNotWholeMonths } from './complaint-statistics.errors.js';

/**
 * The periods the public may ask for: whole calendar months (UTC) that have ended, without an
 * organisation filter. Statistical offices publish fixed blocks for the same reason: a figure
 * for a period that is still filling up, or for one organisation's slice, could be subtracted
 * from another answer to single out one complaint. Longer periods are then built from whole
 * months (`monthsOf`), and a count is shown for them only when every month shows it, so that
 * any two public answers differ only by figures the public months already show.
 */
export function publicPeriod(period: StatisticsPeriod, today: string): StatisticsPeriod {
  if (period.organisationId) throw organisationFilterNotPublic();
  const lastEnded = lastDayOfMonth(lastEndedMonth(today));
  const to = period.to ?? lastEnded;
  if (period.from && period.from !== firstDayOfMonth(period.from)) throw periodNotWholeMonths('from');
  if (to !== lastDayOfMonth(to)) throw periodNotWholeMonths('to');
  if (to > lastEnded || (period.from !== null && period.from > to)) throw periodNotEnded(lastEnded);
  return { from: period.from, to, organisationId: null };
}

/** The first day of the last month that has ended: the latest the public may ask for. */
export function lastEndedMonth(today: string): string {
  return addMonths(firstDayOfMonth(today), -1);
}

/** Each calendar month from the one holding `first` to the one holding `last`, as a period. */
export function monthsOf(first: string, last: string): StatisticsPeriod[] {
  const months: StatisticsPeriod[] = [];
  for (let month = firstDayOfMonth(first); month <= last; month = addMonths(month, 1)) {
    months.push({ from: month, to: lastDayOfMonth(month), organisationId: null });
  }
  return months;
}

function firstDayOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function addMonths(firstDay: string, months: number): string {
  const date = new Date(Date.UTC(Number(firstDay.slice(0, 4)), Number(firstDay.slice(5, 7)) - 1 + months, 1));
  return date.toISOString().slice(0, 10);
}

export function lastDayOfMonth(day: string): string {
  const next = new Date(`${addMonths(firstDayOfMonth(day), 1)}T00:00:00Z`);
  return new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
}
