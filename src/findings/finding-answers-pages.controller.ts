import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { ProcurementsService } from '../procurements/procurements.service.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { paginationLinks } from '../web/pagination-links.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { FindingsService } from './findings.service.js';
import { AnswerFindingForm } from './inputs/answer-finding-form.input.js';
import { PageQuery } from './inputs/page-query.input.js';

const PAGE_SIZE = 20;

/** The authority's side of findings (issue 12, item 1): the monitor's findings on a procurement to answer (`/answers`, beside the monitor's `/findings`), and answering one. */
@ApiExcludeController()
@Controller('workspace/procurements/:id/answers')
@WebPages()
export class FindingAnswersPagesController {
  constructor(
    private readonly findings: FindingsService,
    private readonly procurements: ProcurementsService,
  ) {}

  @Allow('create', 'FindingResponse')
  @Get()
  @Render('workspace/authority/findings')
  async list(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery, @Req() request: FastifyRequest) {
    const procurement = await this.procurements.get(viewer, id);
    const found = await this.findings.list(viewer, id, {}, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    return { procurement, findings: found.items, pagination: paginationLinks(request.url, query.page, Math.ceil(found.totalCount / PAGE_SIZE)) };
  }

  @Allow('create', 'FindingResponse')
  @Get(':findingId')
  @Render('workspace/authority/finding')
  async finding(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Param('findingId', ParseUUIDPipe) findingId: string) {
    return this.view(viewer, id, findingId, emptyForm());
  }

  @Allow('create', 'FindingResponse')
  @WebForm({ once: true })
  @Post(':findingId')
  async answer(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('findingId', ParseUUIDPipe) findingId: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const answered = await processForm(
      AnswerFindingForm,
      body,
      { name: 'authority.finding', t: page.t, refusals: { FINDING_STATUS_CHANGE_REFUSED: 'body' } },
      (input) => this.findings.respond(viewer, { findingId, body: input.body }),
    );
    if (answered.ok) return reply.redirect(`/workspace/procurements/${id}/answers/${findingId}?answered=1`, 303);
    return reply.status(400).view('workspace/authority/finding.njk', await this.view(viewer, id, findingId, answered.form));
  }

  private async view(viewer: Viewer, id: string, findingId: string, form: FormState) {
    const { finding, responses } = await this.findings.toAnswer(viewer, findingId);
    return { procurement: await this.procurements.get(viewer, finding.procurementId), finding, responses, form, procurementId: id };
  }
}
