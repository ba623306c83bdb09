import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { paginationLinks } from '../web/pagination-links.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { Participation } from './procurement-bidder.entity.js';
import { AssignMonitorForm, CreateProcurementForm, EditProcurementForm, InviteBidderForm } from './inputs/procurement-forms.input.js';
import { ProcurementsPageQuery } from './inputs/procurements-page-query.input.js';
import { ProcurementsService } from './procurements.service.js';

const PAGE_SIZE = 20;

/** Refusals of the service that the person filling the form can correct, shown beside a field. */
const CREATE_REFUSALS = { REFERENCE_TAKEN: 'reference' };
const INVITE_REFUSALS = { BIDDERS_CLOSED: 'bidderId' };

/**
 * The contracting authority's procurement pages (issue 12, item 1): its procurements, creating
 * one, and managing one (bidders, monitor). Every decision is the service's and the CASL rules':
 * a page someone may not use answers "not allowed".
 */
@ApiExcludeController()
@Controller('workspace/procurements')
@WebPages()
export class ProcurementsPagesController {
  constructor(private readonly procurements: ProcurementsService) {}

  @Allow('advance', 'Procurement')
  @Get()
  @Render('workspace/authority/procurements')
  async list(@CurrentViewer() viewer: Viewer, @Query() query: ProcurementsPageQuery, @Req() request: FastifyRequest) {
    const found = await this.procurements.list(viewer, {}, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }, 'advance');
    return { procurements: found.items, pagination: paginationLinks(request.url, query.page, Math.ceil(found.totalCount / PAGE_SIZE)) };
  }

  @Allow('create', 'Procurement')
  @Get('new')
  @Render('workspace/authority/create')
  create(@CurrentViewer() viewer: Viewer) {
    const authorities = this.procurements.creatingAuthorities(viewer);
    return { authorities, form: emptyForm({ authorityId: authorities[0]?.id }) };
  }

  @Allow('create', 'Procurement')
  @WebForm({ once: true })
  @Post('new')
  async created(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    const made = await processForm(CreateProcurementForm, body, { name: 'authority.create', t: page.t, refusals: CREATE_REFUSALS }, (input) =>
      this.procurements.create(viewer, input),
    );
    if (made.ok) return reply.redirect(`/workspace/procurements/${made.done.id}`, 303);
    return reply.status(400).view('workspace/authority/create.njk', { authorities: this.procurements.creatingAuthorities(viewer), form: made.form });
  }

  @Allow('update', 'Procurement')
  @Get(':id')
  @Render('workspace/authority/procurement')
  procurement(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.view(viewer, id, emptyForm());
  }

  @Allow('update', 'Procurement')
  @Get(':id/edit')
  @Render('workspace/authority/edit')
  async edit(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const { procurement } = await this.procurements.forAuthority(viewer, id);
    return { procurement, form: emptyForm({ ...procurement }) };
  }

  @Allow('update', 'Procurement')
  @WebForm({ once: true })
  @Post(':id/edit')
  async edited(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const saved = await processForm(EditProcurementForm, body, { name: 'authority.create', t: page.t }, (input) =>
      this.procurements.update(viewer, { id, ...input }),
    );
    if (saved.ok) return reply.redirect(`/workspace/procurements/${id}`, 303);
    const { procurement } = await this.procurements.forAuthority(viewer, id);
    return reply.status(400).view('workspace/authority/edit.njk', { procurement, form: saved.form });
  }

  @Allow('manageBidders', 'Procurement')
  @WebForm({ once: true })
  @Post(':id/bidders')
  async invite(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const invited = await processForm(InviteBidderForm, body, { name: 'authority.procurement', t: page.t, refusals: INVITE_REFUSALS }, (input) =>
      this.procurements.addBidder(viewer, { procurementId: id, bidderId: input.bidderId, participation: Participation.INVITED }),
    );
    if (invited.ok) return reply.redirect(`/workspace/procurements/${id}#bidders`, 303);
    return reply.status(400).view('workspace/authority/procurement.njk', await this.view(viewer, id, invited.form));
  }

  @Allow('assignMonitor', 'Procurement')
  @WebForm({ once: true })
  @Post(':id/monitor')
  async assign(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const assigned = await processForm(AssignMonitorForm, body, { name: 'authority.procurement', t: page.t }, (input) =>
      this.procurements.assignMonitor(viewer, { procurementId: id, monitorId: input.monitorId }),
    );
    if (assigned.ok) return reply.redirect(`/workspace/procurements/${id}#monitor`, 303);
    return reply.status(400).view('workspace/authority/procurement.njk', await this.view(viewer, id, assigned.form));
  }

  private async view(viewer: Viewer, id: string, form: FormState) {
    return { ...(await this.procurements.forAuthority(viewer, id)), form };
  }
}
