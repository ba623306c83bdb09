import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiFile } from '../openapi/api-responses.js';
import type { FastifyReply } from 'fastify';
import { CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import { pdfFile } from '../pdf/pdf-response.js';
import { AnonymousCost } from '../rate-limits/anonymous-budget.guard.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';
import { ComplaintStatisticsFilter } from './inputs/complaint-statistics-filter.input.js';

/** The statistics as files; `?from=YYYY-MM-DD&to=YYYY-MM-DD&organisationId=<uuid>`, each optional. */
@ApiTags('complaint statistics')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintStatisticsController {
  constructor(private readonly statistics: ComplaintStatisticsService) {}

  /** Public, with small counts withheld unless the viewer may read ComplaintStatistics (decided in the service). */
  @Public()
  @AnonymousCost(FIELD_COSTS.statistics)
  @Get('statistics.csv')
  @ApiOperation({
    summary: 'Complaint statistics as CSV',
    description: 'Small counts are withheld unless the viewer may read complaint statistics; signing in is optional.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'First lodging day, YYYY-MM-DD (UTC)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last lodging day, YYYY-MM-DD (UTC), inclusive' })
  @ApiQuery({ name: 'organisationId', required: false, description: 'Only the complaints this organisation handles' })
  @ApiFile('text/csv', 'One row per dimension and value, then the weekly and monthly series (RFC 4180)')
  @ApiErrors(400, 429)
  async csv(@CurrentViewer() viewer: Viewer, @Query() filter: ComplaintStatisticsFilter, @Res() reply: FastifyReply): Promise<void> {
    const { content, fileName } = await this.statistics.csv(viewer, filter);
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(content);
  }

  /** Public, like the CSV. */
  @Public()
  @AnonymousCost(FIELD_COSTS.statistics + FIELD_COSTS.pdf)
  @Get('statistics.pdf')
  @ApiOperation({ summary: 'Complaint statistics as PDF', description: 'The same figures as the CSV.' })
  @ApiQuery({ name: 'from', required: false, description: 'First lodging day, YYYY-MM-DD (UTC)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last lodging day, YYYY-MM-DD (UTC), inclusive' })
  @ApiQuery({ name: 'organisationId', required: false, description: 'Only the complaints this organisation handles' })
  @ApiFile('application/pdf', 'The statistics report')
  @ApiErrors(400, 429)
  async pdf(@CurrentViewer() viewer: Viewer, @Query() filter: ComplaintStatisticsFilter): Promise<StreamableFile> {
    return pdfFile(await this.statistics.pdf(viewer, filter));
  }
}
