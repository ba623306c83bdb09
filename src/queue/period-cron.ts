/**
 * The cron expression of a job repeated every `seconds` (the deadline sweep, audit log checkpoints). pg-boss schedules by the
 * minute, so the period is rounded up to whole minutes (at least one); past an hour, to whole
 * hours, at the top of the hour. Null for 0: the job is off.
 */
export function periodCron(seconds: number): string | null {
  if (seconds <= 0) return null;
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes === 1) return '* * * * *';
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.ceil(minutes / 60);
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}
