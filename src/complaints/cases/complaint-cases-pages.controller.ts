import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../../authorization/policy.decorator.js';
import type { Viewer } from '../../authorization/viewer.js';
import type { PageLocals } from '../../web/page-locals.service.js';
import { paginationLinks } from '../../web/pagination-links.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../../web/web-forms.js';
import { WebPages } from '../../web/web-page.decorator.js';
import { WalkInForm } from '../intake/inputs/walk-in-form.input.js';
import { lodgedComplaintView } from '../intake/lodged-complaint-view.js';
import { ComplaintNoteForm } from './inputs/complaint-note-form.input.js';
import { ComplaintStatusForm } from './inputs/complaint-status-form.input.js';
import { PartnerQueueQuery } from './inputs/partner-queue-query.input.js';
import { PartnerDeskService } from './partner-desk.service.js';

const PAGE_SIZE = 25;

/** Refusals of a status change that are the person's to correct, shown beside a field: another hand moved it meanwhile. */
const STATUS_REFUSALS = { COMPLAINT_STATUS_CHANGE_REFUSED: 'status' };

/**
 * The referral partner's journey (issue 12, item 5): its complaint queue, one complaint with its
 * status and notes, and the walk-in complaint log form with its receipt. The same services as
 * the GraphQL resolvers; what a viewer may see or do is the CASL rules', never this file's.
 */
@ApiExcludeController()
@Controller('workspace/complaints')
@WebPages()
export class ComplaintCasesPagesController {
  constructor(private readonly desk: PartnerDeskService) {}

  @Allow('create', 'Complaint')
  @Get()
  @Render('partner/queue')
  async queue(@CurrentViewer() viewer: Viewer, @Query() query: PartnerQueueQuery, @Req() request: FastifyRequest) {
    const found = await this.desk.queue(viewer, query, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    return { ...found, filter: query, pagination: paginationLinks(request.url, query.page, Math.ceil(found.totalCount / PAGE_SIZE), found.moreThanCounted) };
  }

  @Allow('create', 'Complaint')
  @Get('walk-in')
  @Render('partner/walk-in')
  async walkInForm(@CurrentViewer() viewer: Viewer, @Page() page: PageLocals) {
    const choices = await this.desk.walkInChoices(viewer);
    return { ...choices, form: emptyForm({ organisationId: choices.organisations[0].id, language: this.desk.replyLanguage(page.lang) }) };
  }

  @Allow('create', 'Complaint')
  @WebForm({ once: true })
  @Post('walk-in')
  @Render('partner/walk-in')
  async recordWalkIn(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res({ passthrough: true }) reply: FastifyReply) {
    const lodged = await processForm(WalkInForm, body, { name: 'partner.walkIn', t: page.t }, (input) => this.desk.lodgeWalkIn(viewer, input.toWalkInInput()));
    if (!lodged.ok) {
      void reply.status(400);
      return { ...(await this.desk.walkInChoices(viewer)), form: lodged.form };
    }
    // Answered here, not redirected: the secret is shown this once and kept nowhere (only its hash),
    // so no later GET could show it, and no cache may keep this answer. A reload re-sends the spent form and is refused.
    void reply.header('cache-control', 'no-store');
    return { lodged: lodgedComplaintView(lodged.done), complaintId: lodged.done.complaint.id };
  }

  @Allow('read', 'Complaint')
  @Get(':id')
  @Render('partner/complaint')
  async complaint(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query('done') done: unknown) {
    return this.complaintPage(viewer, id, { done: done === 'status' || done === 'note' ? done : null });
  }

  @Allow('update', 'Complaint')
  @WebForm({ once: true })
  @Post(':id/status')
  async setStatus(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const changed = await processForm(ComplaintStatusForm, body, { name: 'partner.status', t: page.t, refusals: STATUS_REFUSALS }, (input) =>
      this.desk.setStatus(viewer, id, input.status, input.reason),
    );
    if (changed.ok) return reply.redirect(`/workspace/complaints/${id}?done=status`, 303);
    return reply.status(400).view('partner/complaint.njk', await this.complaintPage(viewer, id, { statusForm: changed.form }));
  }

  @Allow('create', 'ComplaintNote')
  @WebForm({ once: true })
  @Post(':id/notes')
  async addNote(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const added = await processForm(ComplaintNoteForm, body, { name: 'partner.note', t: page.t }, (input) => this.desk.addNote(viewer, id, input.body));
    if (added.ok) return reply.redirect(`/workspace/complaints/${id}?done=note#notes`, 303);
    return reply.status(400).view('partner/complaint.njk', await this.complaintPage(viewer, id, { noteForm: added.form }));
  }

  private async complaintPage(viewer: Viewer, id: string, shown: { done?: string | null; statusForm?: FormState; noteForm?: FormState }) {
    return {
      ...(await this.desk.complaint(viewer, id)),
      statusForm: shown.statusForm ?? emptyForm(),
      noteForm: shown.noteForm ?? emptyForm(),
      done: shown.done ?? null,
    };
  }
}
