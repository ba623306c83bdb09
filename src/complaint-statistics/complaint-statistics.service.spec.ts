import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { COUNTED_DIMENSIONS, NO_TIMES, type ComplaintFigures } from './complaint-figures.js';
import type { ComplaintFiguresService } from './complaint-figures.service.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';

const EMPTY: ComplaintFigures = {
  from: '2026-01-01',
  to: '2026-01-31',
  organisationId: null,
  total: 0,
  buckets: Object.fromEntries(COUNTED_DIMENSIONS.map((dimension) => [dimension, []])) as unknown as ComplaintFigures['buckets'],
  toFirstAction: NO_TIMES,
  toResolution: NO_TIMES,
  byOrganisation: [],
  weekly: [],
  monthly: [],
};

const viewer = (staff: boolean) => ({ requestId: 'r', ability: { can: () => staff } }) as unknown as Viewer;

/** Public statistics wait their turn rather than each taking connections of the pool (see PUBLIC_STATISTICS_AT_ONCE). */
describe('ComplaintStatisticsService', () => {
  let running: number;
  let most: number;
  let service: ComplaintStatisticsService;

  beforeEach(() => {
    running = most = 0;
    const figures = {
      readWithMonths: async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return { figures: EMPTY, months: [] };
      },
    } as unknown as ComplaintFiguresService;
    service = new ComplaintStatisticsService(figures, new ClockService());
  });

  it('works out public statistics one at a time, however many are asked for at once', async () => {
    await Promise.all(Array.from({ length: 9 }, () => service.forViewer(viewer(false), { from: '2026-01-01', to: '2026-01-31' })));
    expect(most).toBe(1);
  });

  it('lets staff statistics run side by side', async () => {
    await Promise.all(Array.from({ length: 3 }, () => service.forViewer(viewer(true))));
    expect(most).toBe(3);
  });
});
