import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import type { Selection } from '../graphql/selection.js';
import { STAGE_ORDER } from '../procurements/procurement-stage.js';
import { paginationLinks } from '../web/pagination-links.js';
import { PublicPage } from '../web/public-page-cache.js';
import { WebPages } from '../web/web-page.decorator.js';
import { RegisterQuery } from './inputs/register-query.input.js';
import { PublicRecordService } from './public-record.service.js';

const REGISTER_PAGE_SIZE = 20;
const HOME_PAGE_SIZE = 5;

/** What a row of the register shows of a case file. */
const REGISTER_ROW: Selection = { reference: true, title: true, stage: true, authority: { name: true } };

/** What the case file page shows: the compiled case file reads exactly these fields, and the viewer's rules decide which rows. */
const CASE_FILE_PAGE: Selection = {
  id: true,
  reference: true,
  ocid: true,
  title: true,
  description: true,
  stage: true,
  sector: true,
  area: true,
  estimatedValue: true,
  currency: true,
  tenderPeriodStart: true,
  tenderPeriodEnd: true,
  authority: { name: true },
  stageHistory: { fromStage: true, toStage: true, note: true, occurredAt: true },
  pact: {
    versions: {
      id: true,
      number: true,
      title: true,
      language: true,
      contentHash: true,
      publishedAt: true,
      superseded: true,
      signatures: { id: true, organisationName: true, party: true, signerName: true, signerTitle: true, signedAt: true, verifiesWithPlatformKey: true },
    },
  },
  findings: {
    id: true,
    stage: true,
    kind: true,
    severity: true,
    title: true,
    description: true,
    status: true,
    createdAt: true,
    responses: { body: true, createdAt: true },
  },
  publishedReports: { id: true, kind: true, title: true, language: true, contentHash: true, publishedAt: true },
  confirmedRedFlags: { id: true, code: true, decidedAt: true },
  stageSignOffs: { id: true, stage: true, decision: true, reason: true, createdAt: true },
  complaintFigures: {
    smallCountsSuppressed: true,
    smallestPublicCount: true,
    total: { count: true, suppressed: true },
    byStatus: { key: true, count: true, suppressed: true },
  },
};

/**
 * The public record on the website: the register of procurements under a published pact and
 * each one's case file. The same reads as the `caseFiles` and `caseFile` queries, for the
 * visitor as viewer: what the page shows is what the rules let that viewer read.
 */
@ApiExcludeController()
@Controller()
@WebPages()
export class PublicRecordPagesController {
  constructor(private readonly publicRecord: PublicRecordService) {}

  @Allow('read', 'Procurement')
  @Get()
  @PublicPage()
  @Render('home')
  async home(@CurrentViewer() viewer: Viewer) {
    const latest = await this.publicRecord.caseFiles(viewer, { hasPublishedPact: true }, { limit: HOME_PAGE_SIZE, offset: 0 }, { items: REGISTER_ROW });
    return { latest };
  }

  @Allow('read', 'Procurement')
  @Get('procurements')
  @PublicPage()
  @Render('procurements/register')
  async register(@CurrentViewer() viewer: Viewer, @Query() query: RegisterQuery, @Req() request: FastifyRequest) {
    const page = { limit: REGISTER_PAGE_SIZE, offset: (query.page - 1) * REGISTER_PAGE_SIZE };
    const [found, choices] = await Promise.all([
      this.publicRecord.caseFiles(viewer, query.filter(), page, { items: REGISTER_ROW }),
      this.publicRecord.registerChoices(viewer, { hasPublishedPact: true }),
    ]);
    const pageCount = Math.ceil(found.totalCount / REGISTER_PAGE_SIZE);
    return { query, found, choices, stages: STAGE_ORDER, pagination: paginationLinks(request.url, query.page, pageCount) };
  }

  /** References hold slashes (TCG/WTR/2026/003): the rest of the path is the reference. */
  @Allow('read', 'Procurement')
  @Get('procurements/*')
  @PublicPage()
  @Render('procurements/case-file')
  async caseFile(@CurrentViewer() viewer: Viewer, @Param('*') reference: string) {
    return { caseFile: await this.publicRecord.caseFile(viewer, reference, CASE_FILE_PAGE) };
  }
}
