import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConvenerDeskService } from '../complaints/cases/convener-desk.service.js';
import { PartnerDeskService } from '../complaints/cases/partner-desk.service.js';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { ReportsService } from '../reports/reports.service.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { paginationLinks } from '../web/pagination-links.js';
import { emptyForm, Page, processForm, WebForm } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { AuthorityWorkspaceService } from './authority-workspace.service.js';
import { BidderWorkspaceService } from './bidder-workspace.service.js';
import { MonitorWorkspaceService } from './monitor-workspace.service.js';
import { SignPactForm } from './inputs/sign-pact-form.input.js';
import { WorkspaceQuery } from './inputs/workspace-query.input.js';

const PAGE_SIZE = 20;

/** Refusals of signing that are the signer's to correct, shown beside a field. */
const SIGN_REFUSALS = { SIGNER_NAME_MISMATCH: 'signerName', PACT_VERSION_SUPERSEDED: 'confirm', SIGNING_CLOSED: 'confirm' };

/**
 * The staff workspace: each signed-in person's home, and the bidder's journey (issue 12, item 2):
 * the pacts it is asked to sign, one pact's text and hash, signing it, the record afterwards.
 * The rules are the CASL rules GraphQL uses; a page a viewer may not see answers "not allowed".
 */
@ApiExcludeController()
@Controller('workspace')
@WebPages()
export class WorkspacePagesController {
  constructor(
    private readonly bidder: BidderWorkspaceService,
    private readonly monitor: MonitorWorkspaceService,
    private readonly partner: PartnerDeskService,
    private readonly authority: AuthorityWorkspaceService,
    private readonly convener: ConvenerDeskService,
    private readonly reports: ReportsService,
  ) {}

  @Allow('read', 'User')
  @Get()
  @Render('workspace/home')
  async home(@CurrentViewer() viewer: Viewer, @Query() query: WorkspaceQuery, @Req() request: FastifyRequest) {
    const page = { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE };
    const [found, monitor, partner, authority, convener, reporting] = await Promise.all([
      this.bidder.home(viewer, page),
      this.monitor.home(viewer, page),
      this.partner.summary(viewer),
      this.authority.home(viewer),
      this.convener.summary(viewer),
      this.reports.reportingProcurements(viewer, page),
    ]);
    const pageCount = Math.ceil(Math.max(found.totalCount, monitor?.procurements.totalCount ?? 0, reporting?.totalCount ?? 0) / PAGE_SIZE);
    // The administrator's links show to whoever the rules let manage accounts (platform administrators).
    const administrator = viewer.ability.can('manage', 'User');
    return { ...found, monitor, partner, authority, convener, reporting, administrator, pagination: paginationLinks(request.url, query.page, pageCount) };
  }

  @Allow('sign', 'Signature')
  @Get('pacts/:versionId')
  @Render('workspace/pact')
  async pact(@CurrentViewer() viewer: Viewer, @Param('versionId', ParseUUIDPipe) versionId: string) {
    const found = await this.bidder.pactToSign(viewer, versionId);
    return { ...found, form: emptyForm({ organisationId: found.pact.organisationId }) };
  }

  @Allow('sign', 'Signature')
  @WebForm({ once: true })
  @Post('pacts/:versionId')
  async sign(
    @CurrentViewer() viewer: Viewer,
    @Param('versionId', ParseUUIDPipe) versionId: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const signed = await processForm(SignPactForm, body, { name: 'bidder', t: page.t, refusals: SIGN_REFUSALS }, (input) =>
      this.bidder.sign(viewer, versionId, input),
    );
    if (signed.ok) return reply.redirect(`/workspace/signatures/${signed.done.id}`, 303);
    const found = await this.bidder.pactToSign(viewer, versionId);
    return reply.status(400).view('workspace/pact.njk', { ...found, form: signed.form });
  }

  @Allow('sign', 'Signature')
  @Get('signatures/:id')
  @Render('workspace/signed')
  signed(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.bidder.signature(viewer, id);
  }
}
