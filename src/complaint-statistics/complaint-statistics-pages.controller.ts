import { Controller, Get, Query, Render, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import { AnonymousCost } from '../rate-limits/anonymous-budget.guard.js';
import { pdfFile } from '../pdf/pdf-response.js';
import { PageLocalsService } from '../web/page-locals.service.js';
import { WebPages } from '../web/web-page.decorator.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';
import { ComplaintStatisticsFilter } from './inputs/complaint-statistics-filter.input.js';
import { StatisticsPageQuery } from './inputs/statistics-page-query.input.js';
import { dateToDay } from './iso-week.js';
import { lastDayOfMonth, lastEndedMonth } from './public-periods.js';
import { statisticsCharts } from './statistics-page.js';

/**
 * The complaint statistics on the website: the same figures as the `complaintStatistics` query
 * for the same viewer (the public gets whole ended months with small counts withheld), drawn as
 * charts with their tables, and charged to an anonymous visitor's budget as the query is.
 */
@ApiExcludeController()
@Controller()
@WebPages()
export class ComplaintStatisticsPagesController {
  constructor(
    private readonly statistics: ComplaintStatisticsService,
    private readonly locals: PageLocalsService,
    private readonly clock: ClockService,
  ) {}

  /** Public: what each viewer gets is decided inside the service, by their ability to read ComplaintStatistics. */
  @Public()
  @AnonymousCost(FIELD_COSTS.statistics)
  @Get('statistics')
  @Render('statistics')
  async statisticsPage(
    @CurrentViewer() viewer: Viewer,
    @Query() query: StatisticsPageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The form offers no month later than the last one ended (the browser keeps to `max`, script or not).
    const latestMonth = lastEndedMonth(dateToDay(this.clock.now())).slice(0, 7);
    // Up to the last month ended unless asked otherwise, for everyone: the public's period is
    // clamped there anyway, and staff (whose figures have no such bound) get a period the page can name.
    const filter = query.filter();
    const statistics = await this.statistics.forViewer(viewer, { ...filter, to: filter.to ?? lastDayOfMonth(`${latestMonth}-01`) });
    return { query, statistics, latestMonth, charts: statisticsCharts(statistics, this.locals.prepare(request, reply)) };
  }

  /**
   * The page's CSV, for the same viewer as the page: signed-in staff who may read every figure
   * get them whole, where /complaints/statistics.csv (the API's, bearer tokens only) would treat
   * the browser as the public. The same service, the same anonymous budget.
   */
  @Public()
  @AnonymousCost(FIELD_COSTS.statistics)
  @Get('statistics.csv')
  async csv(@CurrentViewer() viewer: Viewer, @Query() filter: ComplaintStatisticsFilter, @Res() reply: FastifyReply): Promise<void> {
    const { content, fileName } = await this.statistics.csv(viewer, filter);
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(content);
  }

  /** The page's PDF, for the same viewer as the page, like the CSV. */
  @Public()
  @AnonymousCost(FIELD_COSTS.statistics + FIELD_COSTS.pdf)
  @Get('statistics.pdf')
  async pdf(@CurrentViewer() viewer: Viewer, @Query() filter: ComplaintStatisticsFilter): Promise<StreamableFile> {
    return pdfFile(await this.statistics.pdf(viewer, filter));
  }
}
