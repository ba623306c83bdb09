import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import { AnonymousCost } from '../rate-limits/anonymous-budget.guard.js';
import { PageLocalsService } from '../web/page-locals.service.js';
import { WebPages } from '../web/web-page.decorator.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';
import { StatisticsPageQuery } from './inputs/statistics-page-query.input.js';
import { dateToDay } from './iso-week.js';
import { lastEndedMonth } from './public-periods.js';
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
    const statistics = await this.statistics.forViewer(viewer, query.filter());
    // The form offers no month later than the last one ended (the browser keeps to `max`, script or not).
    const latestMonth = lastEndedMonth(dateToDay(this.clock.now())).slice(0, 7);
    return { query, statistics, latestMonth, charts: statisticsCharts(statistics, this.locals.prepare(request, reply)) };
  }
}
