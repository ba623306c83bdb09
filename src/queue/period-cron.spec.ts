import { periodCron } from './period-cron.js';

describe('periodCron', () => {
  it('is off at 0', () => {
    expect(periodCron(0)).toBeNull();
  });

  it('rounds up to whole minutes, at least one', () => {
    expect(periodCron(1)).toBe('* * * * *');
    expect(periodCron(60)).toBe('* * * * *');
    expect(periodCron(61)).toBe('*/2 * * * *');
    expect(periodCron(900)).toBe('*/15 * * * *');
  });

  it('rounds up to whole hours past an hour, once a day at most', () => {
    expect(periodCron(3600)).toBe('0 */1 * * *');
    expect(periodCron(3601)).toBe('0 */2 * * *');
    expect(periodCron(86_400)).toBe('0 0 * * *');
  });
});
