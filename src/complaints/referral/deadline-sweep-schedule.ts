/**
 * The cron expression of the deadline sweep for a period in seconds. pg-boss schedules by the
 * minute, so the period is rounded up to whole minutes (at least one); past an hour, to whole
 * hours, at the top of the hour. Null for 0: the sweep is off.
 */
export function deadlineSweepCron(seconds: number): string | null {
  if (seconds <= 0) return null;
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes === 1) return '* * * * *';
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.ceil(minutes / 60);
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}
