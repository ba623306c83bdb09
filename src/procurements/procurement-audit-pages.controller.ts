import { Controller, Get, Param, ParseUUIDPipe, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { paginationLinks } from '../web/pagination-links.js';
import { WebPages } from '../web/web-page.decorator.js';
import { AuditPageQuery } from './inputs/audit-page-query.input.js';
import { ProcurementAuditService } from './procurement-audit.service.js';

const PAGE_SIZE = 25;

/** The audit trail of a procurement, for everyone the rules let read it (issue 12, item 8). */
@ApiExcludeController()
@Controller('workspace/procurements/:procurementId/audit')
@WebPages()
export class ProcurementAuditPagesController {
  constructor(private readonly audit: ProcurementAuditService) {}

  @Allow('read', 'AuditEntry')
  @Get()
  @Render('workspace/audit')
  async trail(
    @CurrentViewer() viewer: Viewer,
    @Param('procurementId', ParseUUIDPipe) procurementId: string,
    @Query() query: AuditPageQuery,
    @Req() request: FastifyRequest,
  ) {
    const found = await this.audit.trailPage(viewer, procurementId, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    return { ...found, pagination: paginationLinks(request.url, query.page, Math.ceil(found.totalCount / PAGE_SIZE)) };
  }
}
