import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { ProcurementsService } from '../procurements/procurements.service.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { AmendContractForm, DisqualifyBidForm, RecordAwardForm, RecordBidForm, RecordContractForm } from './inputs/tendering-forms.input.js';
import { TenderingService } from './tendering.service.js';

/** Refusals the authority can correct, shown beside the field concerned. */
const REFUSALS = { BID_ALREADY_DISQUALIFIED: 'bidId' };

/** The authority records its tender (issue 12, item 1): bids, disqualifications, the award, the contract and its amendments. */
@ApiExcludeController()
@Controller('workspace/procurements/:id/tendering')
@WebPages()
export class TenderingPagesController {
  constructor(
    private readonly tendering: TenderingService,
    private readonly procurements: ProcurementsService,
  ) {}

  @Allow('create', 'Bid')
  @Get()
  @Render('workspace/authority/tendering')
  page(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.view(viewer, id, emptyForm());
  }

  @Allow('create', 'Bid')
  @WebForm({ once: true })
  @Post('bids')
  bid(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    return this.handle(viewer, id, reply, '#bids', () =>
      processForm(RecordBidForm, body, this.handling(page), (input) =>
        this.tendering.recordBid(viewer, {
          procurementId: id,
          bidderId: input.bidderId,
          amount: input.bidAmount,
          currency: input.bidCurrency,
          receivedAt: input.receivedAt,
        }),
      ),
    );
  }

  @Allow('update', 'Bid')
  @WebForm({ once: true })
  @Post('disqualifications')
  disqualify(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    return this.handle(viewer, id, reply, '#bids', () =>
      processForm(DisqualifyBidForm, body, this.handling(page), (input) => this.tendering.disqualifyBid(viewer, input)),
    );
  }

  @Allow('create', 'Award')
  @WebForm({ once: true })
  @Post('awards')
  award(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    return this.handle(viewer, id, reply, '#award', () =>
      processForm(RecordAwardForm, body, this.handling(page), (input) =>
        this.tendering.recordAward(viewer, {
          procurementId: id,
          supplierId: input.supplierId,
          amount: input.awardAmount,
          currency: input.awardCurrency,
          awardedAt: input.awardedAt,
        }),
      ),
    );
  }

  @Allow('create', 'Contract')
  @WebForm({ once: true })
  @Post('contracts')
  contract(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    return this.handle(viewer, id, reply, '#contract', () =>
      processForm(RecordContractForm, body, this.handling(page), (input) =>
        this.tendering.recordContract(viewer, { awardId: input.awardId, value: input.contractValue, signedAt: input.signedAt }),
      ),
    );
  }

  @Allow('update', 'Contract')
  @WebForm({ once: true })
  @Post('amendments')
  amend(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    return this.handle(viewer, id, reply, '#contract', () =>
      processForm(AmendContractForm, body, this.handling(page), (input) =>
        this.tendering.amendContract(viewer, {
          contractId: input.contractId,
          amendedAt: input.amendedAt,
          description: input.amendDescription,
          newValue: input.newValue,
        }),
      ),
    );
  }

  private handling(page: PageLocals) {
    return { name: 'authority.tendering', t: page.t, refusals: REFUSALS };
  }

  /** POST/redirect/GET after a recorded change; the page again with the form's errors otherwise. */
  private async handle(viewer: Viewer, id: string, reply: FastifyReply, anchor: string, work: () => Promise<{ ok: true } | { ok: false; form: FormState }>) {
    const result = await work();
    if (result.ok) return reply.redirect(`/workspace/procurements/${id}/tendering${anchor}`, 303);
    return reply.status(400).view('workspace/authority/tendering.njk', await this.view(viewer, id, result.form));
  }

  private async view(viewer: Viewer, id: string, form: FormState) {
    const { procurement, bidders } = await this.procurements.forAuthority(viewer, id);
    const names = Object.fromEntries(bidders.map((b) => [b.id, b.name]));
    return { procurement, bidders, names, ...(await this.tendering.ledger(viewer, id)), form };
  }
}
