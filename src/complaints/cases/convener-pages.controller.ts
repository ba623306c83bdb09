import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../../authorization/policy.decorator.js';
import type { Viewer } from '../../authorization/viewer.js';
import type { PageLocals } from '../../web/page-locals.service.js';
import { paginationLinks } from '../../web/pagination-links.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../../web/web-forms.js';
import { WebPages } from '../../web/web-page.decorator.js';
import { ConvenerDeskService, type ConvenerComplaint } from './convener-desk.service.js';
import { ClassifyComplaintForm } from './inputs/classify-complaint-form.input.js';
import { ConvenerQueueQuery } from './inputs/convener-queue-query.input.js';
import { MergeComplaintForm } from './inputs/merge-complaint-form.input.js';
import { ReferComplaintForm } from './inputs/refer-complaint-form.input.js';

const PAGE_SIZE = 25;

/** Refusals that are the convener's to correct, shown beside a field. */
const REFER_REFUSALS = { COMPLAINT_NOT_OPEN: 'organisationId' };
const MERGE_REFUSALS = { COMPLAINT_NOT_OPEN: 'trackingNumber', MERGE_INTO_ITSELF: 'trackingNumber' };
const DONE = ['referred', 'merged', 'classified'];

/**
 * The convener's journey (issue 12, item 6): every complaint, those waiting for a referral and
 * the overdue ones first; classifying one that came as free text, referring and re-referring
 * one, merging a duplicate. Beside the partner's pages (/workspace/complaints), which stay the
 * partner's desk. The same services as the GraphQL resolvers; who may do what is the CASL
 * rules', never this file's.
 */
@ApiExcludeController()
@Controller('workspace/convener')
@WebPages()
export class ConvenerPagesController {
  constructor(private readonly desk: ConvenerDeskService) {}

  @Allow('refer', 'Complaint')
  @Get()
  @Render('convener/queue')
  async queue(@CurrentViewer() viewer: Viewer, @Query() query: ConvenerQueueQuery, @Req() request: FastifyRequest) {
    const found = await this.desk.queue(
      viewer,
      { ...query, awaitingReferral: query.referral === 'awaiting' },
      { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE },
    );
    return { ...found, filter: query, pagination: paginationLinks(request.url, query.page, Math.ceil(found.totalCount / PAGE_SIZE), found.moreThanCounted) };
  }

  @Allow('refer', 'Complaint')
  @Get('complaints/:id')
  @Render('convener/complaint')
  complaint(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query('done') done: unknown) {
    return this.complaintPage(viewer, id, { done: typeof done === 'string' && DONE.includes(done) ? done : null });
  }

  @Allow('refer', 'Complaint')
  @WebForm({ once: true })
  @Post('complaints/:id/referral')
  async refer(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const referred = await processForm(ReferComplaintForm, body, { name: 'convener.refer', t: page.t, refusals: REFER_REFUSALS }, (input) =>
      this.desk.refer(viewer, id, input.organisationId, input.reason),
    );
    if (referred.ok) return reply.redirect(`/workspace/convener/complaints/${id}?done=referred`, 303);
    return reply.status(400).view('convener/complaint.njk', await this.complaintPage(viewer, id, { referForm: referred.form }));
  }

  @Allow('merge', 'Complaint')
  @WebForm({ once: true })
  @Post('complaints/:id/merge')
  async merge(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const merged = await processForm(MergeComplaintForm, body, { name: 'convener.merge', t: page.t, refusals: MERGE_REFUSALS }, (input) =>
      this.desk.merge(viewer, id, input.trackingNumber),
    );
    if (merged.ok) return reply.redirect(`/workspace/convener/complaints/${id}?done=merged`, 303);
    return reply.status(400).view('convener/complaint.njk', await this.complaintPage(viewer, id, { mergeForm: merged.form }));
  }

  @Allow('classify', 'Complaint')
  @WebForm({ once: true })
  @Post('complaints/:id/classification')
  async classify(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const classified = await processForm(ClassifyComplaintForm, body, { name: 'staff.classify', t: page.t }, (input) => this.desk.classify(viewer, id, input));
    if (classified.ok) return reply.redirect(`/workspace/convener/complaints/${id}?done=classified`, 303);
    return reply.status(400).view('convener/complaint.njk', await this.complaintPage(viewer, id, { classifyForm: classified.form }));
  }

  private async complaintPage(
    viewer: Viewer,
    id: string,
    shown: { done?: string | null; referForm?: FormState; mergeForm?: FormState; classifyForm?: FormState },
  ) {
    const found = await this.desk.complaint(viewer, id);
    return {
      ...found,
      classifyForm: shown.classifyForm ?? emptyForm(currentClassification(found)),
      referForm: shown.referForm ?? emptyForm(),
      mergeForm: shown.mergeForm ?? emptyForm(),
      done: shown.done ?? null,
    };
  }
}

/** The classification form starts from what the complaint has, so correcting one list keeps the others. */
function currentClassification({ sector, type, area, procurementReference }: ConvenerComplaint): Record<string, unknown> {
  return { sectorCode: sector?.code, typeCode: type?.code, areaCode: area?.code, procurementReference };
}
