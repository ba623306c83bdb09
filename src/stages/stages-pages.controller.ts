import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { AdvanceStageForm } from './inputs/advance-stage-form.input.js';
import { StagesService } from './stages.service.js';

/** Refusals shown on the form: a gate that stops the move is said beside the button that asked for it. */
const ADVANCE_REFUSALS = { STAGE_GATE_FAILED: 'advance' };

/** The authority's stage page (issue 12, item 1): the next stage, what stops the move, and the move itself. */
@ApiExcludeController()
@Controller('workspace/procurements/:id/stage')
@WebPages()
export class StagesPagesController {
  constructor(private readonly stages: StagesService) {}

  @Allow('advance', 'Procurement')
  @Get()
  @Render('workspace/authority/stage')
  async page(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query('moved') moved?: string) {
    return { ...(await this.view(viewer, id, emptyForm())), moved: moved === '1' };
  }

  @Allow('advance', 'Procurement')
  @WebForm({ once: true })
  @Post()
  async advance(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const moved = await processForm(AdvanceStageForm, body, { name: 'authority.stage', t: page.t, refusals: ADVANCE_REFUSALS }, (input) =>
      this.stages.advance(viewer, { procurementId: id, toStage: input.toStage, note: input.note ?? '', awardedBidderId: input.awardedBidderId }),
    );
    if (moved.ok) return reply.redirect(`/workspace/procurements/${id}/stage?moved=1`, 303);
    return reply.status(400).view('workspace/authority/stage.njk', await this.view(viewer, id, moved.form));
  }

  private async view(viewer: Viewer, id: string, form: FormState) {
    return { ...(await this.stages.nextMove(viewer, id)), form };
  }
}
