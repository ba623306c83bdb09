import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { sendPdf } from '../pdf/pdf-response.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';
import { ComplaintStatisticsFilter } from './inputs/complaint-statistics-filter.input.js';

/** The statistics as files; `?from=YYYY-MM-DD&to=YYYY-MM-DD&organisationId=<uuid>`, each optional. */
@Controller('complaints')
export class ComplaintStatisticsController {
  constructor(private readonly statistics: ComplaintStatisticsService) {}

  /** Public, with small counts withheld unless the viewer may read ComplaintStatistics (decided in the service). */
  @Public()
  @Get('statistics.csv')
  async csv(@CurrentViewer() viewer: Viewer, @Query() filter: ComplaintStatisticsFilter, @Res() reply: FastifyReply): Promise<void> {
    const { content, fileName } = await this.statistics.csv(viewer, filter);
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(content);
  }

  /** Public, like the CSV. */
  @Public()
  @Get('statistics.pdf')
  async pdf(@CurrentViewer() viewer: Viewer, @Query() filter: ComplaintStatisticsFilter, @Res() reply: FastifyReply): Promise<void> {
    await sendPdf(reply, await this.statistics.pdf(viewer, filter));
  }
}
