/** Calendar days as `YYYY-MM-DD` (UTC) and the ISO weeks (Monday to Sunday) they fall in. */

const DAY_MS = 86_400_000;

export interface IsoWeek {
  /** `2026-W05`: the ISO week-numbering year (that of the week's Thursday) and the week number. */
  week: string;
  /** Its Monday, `YYYY-MM-DD`. */
  startsOn: string;
}

export function isoWeekOf(day: string): IsoWeek {
  const date = dayToDate(day);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS);
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const number = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { week: `${year}-W${String(number).padStart(2, '0')}`, startsOn: dateToDay(monday) };
}

/** Every ISO week from the one holding `first` to the one holding `last`, in order. */
export function isoWeeksBetween(first: string, last: string): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  const end = dayToDate(isoWeekOf(last).startsOn).getTime();
  for (let monday = dayToDate(isoWeekOf(first).startsOn).getTime(); monday <= end; monday += 7 * DAY_MS) {
    weeks.push(isoWeekOf(dateToDay(new Date(monday))));
  }
  return weeks;
}

export function dayToDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function dateToDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day after `day`: where a period ending with `day` (inclusive) stops. */
export function nextDay(day: string): string {
  return dateToDay(new Date(dayToDate(day).getTime() + DAY_MS));
}
