import { deadlineSweepCron } from './deadline-sweep-schedule.js';

describe('deadlineSweepCron', () => {
  it('is off at 0', () => {
    expect(deadlineSweepCron(0)).toBeNull();
  });

  it('rounds up to whole minutes, at least one', () => {
    expect(deadlineSweepCron(1)).toBe('* * * * *');
    expect(deadlineSweepCron(60)).toBe('* * * * *');
    expect(deadlineSweepCron(61)).toBe('*/2 * * * *');
    expect(deadlineSweepCron(900)).toBe('*/15 * * * *');
  });

  it('rounds up to whole hours past an hour, once a day at most', () => {
    expect(deadlineSweepCron(3600)).toBe('0 */1 * * *');
    expect(deadlineSweepCron(3601)).toBe('0 */2 * * *');
    expect(deadlineSweepCron(86_400)).toBe('0 0 * * *');
  });
});
