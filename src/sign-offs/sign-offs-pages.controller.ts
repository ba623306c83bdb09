import { Body, Controller, Get, Param, ParseEnumPipe, ParseUUIDPipe, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
// The stage is typed as its string values: an enum type's runtime metadata would make the global ValidationPipe read it as a class.
import { ProcurementStage } from '../procurements/procurement-stage.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { SignOffForm } from './sign-off-form.input.js';
import { SignOffsService } from './sign-offs.service.js';

/** Decided meanwhile (another tab): said beside the decision. */
const SIGN_OFF_REFUSALS = { STAGE_ALREADY_SIGNED_OFF: 'decision' };

/** The monitor signs off a stage the procurement moved into, or objects with a reason (issue 12, item 3). */
@ApiExcludeController()
@Controller('workspace/procurements/:procurementId/sign-offs')
@WebPages()
export class SignOffsPagesController {
  constructor(private readonly signOffs: SignOffsService) {}

  @Allow('create', 'StageSignOff')
  @Get(':stage')
  @Render('monitor/sign-off')
  async stage(
    @CurrentViewer() viewer: Viewer,
    @Param('procurementId', ParseUUIDPipe) procurementId: string,
    @Param('stage', new ParseEnumPipe(ProcurementStage)) stage: `${ProcurementStage}`,
  ) {
    return { ...(await this.signOffs.stageToSignOff(viewer, procurementId, stage as ProcurementStage)), stage, form: emptyForm() };
  }

  @Allow('create', 'StageSignOff')
  @WebForm({ once: true })
  @Post(':stage')
  async signOff(
    @CurrentViewer() viewer: Viewer,
    @Param('procurementId', ParseUUIDPipe) procurementId: string,
    @Param('stage', new ParseEnumPipe(ProcurementStage)) stage: `${ProcurementStage}`,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const decided = await processForm(SignOffForm, body, { name: 'monitor.signOff', t: page.t, refusals: SIGN_OFF_REFUSALS }, (form) =>
      this.signOffs.signOff(viewer, { procurementId, stage: stage as ProcurementStage, decision: form.decision, reason: form.reason }),
    );
    if (decided.ok) return reply.redirect(`/workspace/procurements/${procurementId}/sign-offs/${stage}`, 303);
    const found = await this.signOffs.stageToSignOff(viewer, procurementId, stage as ProcurementStage);
    return reply.status(400).view('monitor/sign-off.njk', { ...found, stage, form: decided.form });
  }
}
