import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import type { StatisticsPeriod } from './complaint-figures.js';
import { ComplaintFiguresService } from './complaint-figures.service.js';
import { periodEndsBeforeItStarts } from './complaint-statistics.errors.js';
import type { ComplaintStatisticsFilter } from './inputs/complaint-statistics-filter.input.js';
import { statisticsCsv } from './statistics-csv.js';
import { renderStatisticsPdf } from './statistics-pdf.js';
import { visibleStatistics } from './statistics-visibility.js';
import type { ComplaintStatistics } from './statistics-views.js';

/** Statistics above this many milliseconds are logged: the mechanism promises answers within a second. */
const SLOW_MS = 1000;

/** The statistics of the referral mechanism as one viewer may see them; the GraphQL query, the CSV and the PDF all come through here. */
@Injectable()
export class ComplaintStatisticsService {
  private readonly logger = new Logger(ComplaintStatisticsService.name);

  constructor(
    private readonly figures: ComplaintFiguresService,
    private readonly clock: ClockService,
  ) {}

  async forViewer(viewer: Viewer, filter: ComplaintStatisticsFilter = {}): Promise<ComplaintStatistics> {
    const period = periodOf(filter);
    const started = performance.now();
    const figures = await this.figures.read(period);
    const elapsed = performance.now() - started;
    if (elapsed > SLOW_MS) this.logger.warn(`complaint statistics took ${Math.round(elapsed)} ms (request ${viewer.requestId}, ${figures.total} complaints)`);
    return visibleStatistics(figures, viewer.ability.can('read', 'ComplaintStatistics'));
  }

  async csv(viewer: Viewer, filter: ComplaintStatisticsFilter): Promise<{ content: string; fileName: string }> {
    return { content: statisticsCsv(await this.forViewer(viewer, filter)), fileName: fileName(filter, 'csv') };
  }

  /** The PDF's footer carries the hash of the CSV of the same figures, so the two can be held against each other. */
  async pdf(viewer: Viewer, filter: ComplaintStatisticsFilter): Promise<{ document: PDFKit.PDFDocument; fileName: string }> {
    const statistics = await this.forViewer(viewer, filter);
    const csvHash = createHash('sha256').update(statisticsCsv(statistics)).digest('hex');
    return { document: renderStatisticsPdf({ statistics, generatedAt: this.clock.now(), csvHash }), fileName: fileName(filter, 'pdf') };
  }
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
