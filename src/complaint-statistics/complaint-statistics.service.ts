import { Injectable, Logger } from '@nestjs/common';
import { Sema } from 'async-sema';
import { createHash } from 'node:crypto';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import type { ComplaintFigures, StatisticsPeriod } from './complaint-figures.js';
import { ComplaintFiguresService } from './complaint-figures.service.js';
import { periodEndsBeforeItStarts } from './complaint-statistics.errors.js';
import type { ComplaintStatisticsFilter } from './inputs/complaint-statistics-filter.input.js';
import { statisticsCsv } from './statistics-csv.js';
import { renderStatisticsPdf } from './statistics-pdf.js';
import { dateToDay } from './iso-week.js';
import { publicPeriod } from './public-periods.js';
import { visibleStatistics, withheldCells, type CellName } from './statistics-visibility.js';
import type { ComplaintStatistics } from './statistics-views.js';

/** Statistics above this many milliseconds are logged: the mechanism promises answers within a second. */
const SLOW_MS = 1000;

/**
 * Public statistics worked out at once by one instance. Each reads with several statements side
 * by side, and an anonymous query may ask for nine of them in one request: unqueued, a few such
 * requests held every connection of the pool, and /health and signed-in users waited behind them
 * (bench:anonymous-load). Queued here, they wait without holding a connection.
 */
const PUBLIC_STATISTICS_AT_ONCE = 1;

/** The statistics of the referral mechanism as one viewer may see them; the GraphQL query, the CSV and the PDF all come through here. */
@Injectable()
export class ComplaintStatisticsService {
  private readonly logger = new Logger(ComplaintStatisticsService.name);
  private readonly publicReads = new Sema(PUBLIC_STATISTICS_AT_ONCE);

  constructor(
    private readonly figures: ComplaintFiguresService,
    private readonly clock: ClockService,
  ) {}

  async forViewer(viewer: Viewer, filter: ComplaintStatisticsFilter = {}): Promise<ComplaintStatistics> {
    const fullAccess = viewer.ability.can('read', 'ComplaintStatistics');
    const period = fullAccess ? periodOf(filter) : publicPeriod(periodOf(filter), dateToDay(this.clock.now()));
    const started = performance.now();
    const { figures, months } = fullAccess ? await this.figures.readWithMonths(period, false) : await this.publicFigures(period);
    const statistics = fullAccess ? visibleStatistics(figures, true) : visibleStatistics(figures, false, withheldMonthByMonth(figures, months));
    const elapsed = performance.now() - started;
    if (elapsed > SLOW_MS) this.logger.warn(`complaint statistics took ${Math.round(elapsed)} ms (request ${viewer.requestId}, ${figures.total} complaints)`);
    return statistics;
  }

  private async publicFigures(period: StatisticsPeriod): ReturnType<ComplaintFiguresService['readWithMonths']> {
    await this.publicReads.acquire();
    try {
      return await this.figures.readWithMonths(period, true);
    } finally {
      this.publicReads.release();
    }
  }

  async csv(viewer: Viewer, filter: ComplaintStatisticsFilter): Promise<{ content: string; fileName: string }> {
    return { content: statisticsCsv(await this.forViewer(viewer, filter)), fileName: fileName(filter, 'csv') };
  }

  /** The PDF's footer carries the hash of the CSV of the same figures, so the two can be held against each other. */
  async pdf(viewer: Viewer, filter: ComplaintStatisticsFilter): Promise<{ document: PDFKit.PDFDocument; fileName: string }> {
    const statistics = await this.forViewer(viewer, filter);
    const csvHash = createHash('sha256').update(statisticsCsv(statistics)).digest('hex');
    return { document: await renderStatisticsPdf({ statistics, generatedAt: this.clock.now(), csvHash }), fileName: fileName(filter, 'pdf') };
  }
}

/**
 * What the public may not see of a period: whatever any of its months withholds. A count of
 * the period is then a sum of counts every month shows, so no two public answers (Jan–Mar
 * and Jan–Feb) can be subtracted to give a count that March withholds.
 */
function withheldMonthByMonth(figures: ComplaintFigures, months: ComplaintFigures[]): Set<CellName> {
  if (months.length === 0) return withheldCells(figures);
  return new Set(months.flatMap((month) => [...withheldCells(month)]));
}

function fileName(filter: ComplaintStatisticsFilter, extension: string): string {
  const parts = ['complaint-statistics', filter.from, filter.to && `to-${filter.to}`, filter.organisationId?.slice(0, 8)].filter(Boolean);
  return `${parts.join('_')}.${extension}`;
}

export function periodOf(filter: ComplaintStatisticsFilter): StatisticsPeriod {
  const period = { from: filter.from ?? null, to: filter.to ?? null, organisationId: filter.organisationId ?? null };
  if (period.from && period.to && period.to < period.from) throw periodEndsBeforeItStarts();
  return period;
}
