import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { PageQuery } from '../findings/inputs/page-query.input.js';
import { pdfFile } from '../pdf/pdf-response.js';
import { ProcurementsService } from '../procurements/procurements.service.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { paginationLinks } from '../web/pagination-links.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { NewReportForm, PublishReportForm, ReportContributionForm, ReportSectionForm } from './inputs/report-forms.input.js';
import { ReportKind } from './monitoring-report.entity.js';
import { ReportPdfService } from './report-pdf.service.js';
import { ReportPublicationService } from './report-publication.service.js';
import type { ReportTemplate } from './report-template.js';
import { ReportTemplatesService } from './report-templates.service.js';
import { ReportsService } from './reports.service.js';

const PAGE_SIZE = 20;

/** A report approved or published meanwhile (another tab, a colleague) is said beside the text. */
const CONTRIBUTION_REFUSALS = { REPORT_NOT_DRAFT: 'body', REPORT_ALREADY_PUBLISHED: 'body' };
const SECTION_REFUSALS = { REPORT_ALREADY_PUBLISHED: 'body' };
const PUBLISH_REFUSALS = { REPORT_NOT_APPROVED: 'confirm', REPORT_ALREADY_PUBLISHED: 'confirm' };

/** The section form that failed, to re-show beside its section: `field` is `body` (the implementer's text) or `contribution` (the monitor's). */
interface FailedSection {
  key: string;
  field: 'body' | 'contribution';
  form: FormState;
}

/**
 * Monitoring reports on the website (issue 12, item 4): a procurement's reports, starting one
 * from a template, writing its sections, the monitor's contributions, a draft's PDF, approving
 * and publishing. The implementer's and the monitor's pages alike; the same services and CASL
 * rules as GraphQL decide who may do what.
 */
@ApiExcludeController()
@Controller('workspace')
@WebPages()
export class ReportsPagesController {
  constructor(
    private readonly reports: ReportsService,
    private readonly publication: ReportPublicationService,
    private readonly templates: ReportTemplatesService,
    private readonly pdfs: ReportPdfService,
    private readonly procurements: ProcurementsService,
  ) {}

  @Allow('read', 'MonitoringReport')
  @Get('procurements/:procurementId/reports')
  @Render('monitoring-reports/procurement')
  async list(
    @CurrentViewer() viewer: Viewer,
    @Param('procurementId', ParseUUIDPipe) procurementId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Page() page: PageLocals,
  ) {
    // The page's language is the likely language of the report, where a template exists in it.
    const offered = this.templates.list();
    const language = offered.some((t) => t.language === page.lang) ? page.lang : offered[0]?.language;
    const form = emptyForm({ templateKey: offered[0]?.key, language, kind: ReportKind.PERIODIC });
    return this.procurementPage(viewer, procurementId, query.page, request.url, page.lang, form);
  }

  @Allow('create', 'MonitoringReport')
  @WebForm({ once: true })
  @Post('procurements/:procurementId/reports')
  async create(
    @CurrentViewer() viewer: Viewer,
    @Param('procurementId', ParseUUIDPipe) procurementId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const created = await processForm(NewReportForm, body, { name: 'reports.new', t: page.t }, (form) =>
      this.reports.create(viewer, { procurementId, ...form }),
    );
    if (created.ok) return reply.redirect(`/workspace/reports/${created.done.id}`, 303);
    return reply
      .status(400)
      .view('monitoring-reports/procurement.njk', await this.procurementPage(viewer, procurementId, 1, request.url, page.lang, created.form));
  }

  @Allow('read', 'MonitoringReport')
  @Get('reports/:id')
  @Render('monitoring-reports/report')
  report(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.reportPage(viewer, id, null);
  }

  @Allow('update', 'MonitoringReport')
  @WebForm({ once: true })
  @Post('reports/:id/sections/:key')
  async editSection(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const saved = await processForm(ReportSectionForm, body, { name: 'reports.section', t: page.t, refusals: SECTION_REFUSALS }, (form) =>
      this.reports.updateSection(viewer, { reportId: id, key, body: form.body }),
    );
    if (saved.ok) return reply.redirect(`/workspace/reports/${id}#section-${encodeURIComponent(key)}`, 303);
    return reply.status(400).view('monitoring-reports/report.njk', await this.reportPage(viewer, id, { key, field: 'body', form: saved.form }));
  }

  @Allow('create', 'ReportContribution')
  @WebForm({ once: true })
  @Post('reports/:id/contributions/:key')
  async contribute(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const added = await processForm(ReportContributionForm, body, { name: 'reports.contribution', t: page.t, refusals: CONTRIBUTION_REFUSALS }, (form) =>
      this.reports.contribute(viewer, { reportId: id, sectionKey: key, body: form.body }),
    );
    if (added.ok) return reply.redirect(`/workspace/reports/${id}#section-${encodeURIComponent(key)}`, 303);
    return reply.status(400).view('monitoring-reports/report.njk', await this.reportPage(viewer, id, { key, field: 'contribution', form: added.form }));
  }

  /** No field to get wrong: a report no longer in draft is the error page's "conflict". */
  @Allow('approve', 'MonitoringReport')
  @WebForm({ once: true })
  @Post('reports/:id/approve')
  async approve(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    await this.reports.approve(viewer, id);
    return reply.redirect(`/workspace/reports/${id}`, 303);
  }

  @Allow('publish', 'MonitoringReport')
  @Get('reports/:id/publish')
  @Render('monitoring-reports/publish')
  async publishForm(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return { ...(await this.reportPage(viewer, id, null)), form: emptyForm() };
  }

  @Allow('publish', 'MonitoringReport')
  @WebForm({ once: true })
  @Post('reports/:id/publish')
  async publish(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const published = await processForm(PublishReportForm, body, { name: 'reports.publish', t: page.t, refusals: PUBLISH_REFUSALS }, () =>
      this.publication.publish(viewer, id),
    );
    if (published.ok) return reply.redirect(`/workspace/reports/${id}`, 303);
    return reply.status(400).view('monitoring-reports/publish.njk', { ...(await this.reportPage(viewer, id, null)), form: published.form });
  }

  /** The draft as publishing it now would print it, for whoever may read the report. */
  @Allow('read', 'MonitoringReport')
  @Get('reports/:id/preview.pdf')
  async preview(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    return pdfFile(await this.pdfs.renderDraft(viewer, id));
  }

  private async procurementPage(viewer: Viewer, procurementId: string, pageNumber: number, url: string, lang: string, form: FormState) {
    const [procurement, { reports, mayCreate }] = await Promise.all([
      this.procurements.get(viewer, procurementId),
      this.reports.pageOfProcurement(viewer, procurementId, { limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE }),
    ]);
    const published = await this.publication.ofReports(reports.items.map((r) => r.id));
    return {
      procurement,
      reports: reports.items.map((report) => ({ report, published: published.get(report.id) ?? null })),
      pagination: paginationLinks(url, pageNumber, Math.ceil(reports.totalCount / PAGE_SIZE)),
      mayCreate,
      ...templateChoices(this.templates.list(), lang),
      kinds: Object.values(ReportKind),
      form,
    };
  }

  private async reportPage(viewer: Viewer, id: string, failed: FailedSection | null) {
    const copy = await this.reports.workingCopy(viewer, id);
    const [procurement, published] = await Promise.all([this.procurements.get(viewer, copy.report.procurementId), this.publication.ofReports([id])]);
    return { ...copy, procurement, published: published.get(id) ?? null, failed };
  }
}

/** The templates to choose from, each named in the page's language where it exists in it, and the languages they come in. */
function templateChoices(templates: ReportTemplate[], lang: string) {
  const keys = [...new Set(templates.map((t) => t.key))];
  return {
    templates: keys.map((key) => {
      const versions = templates.filter((t) => t.key === key);
      return { key, name: (versions.find((t) => t.language === lang) ?? versions.find((t) => t.language === 'en') ?? versions[0]).name };
    }),
    templateLanguages: [...new Set(templates.map((t) => t.language))],
  };
}
