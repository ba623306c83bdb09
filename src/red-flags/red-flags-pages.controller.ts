import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { RedFlagDecisionForm } from './inputs/red-flag-decision-form.input.js';
import { ThresholdForm } from './inputs/threshold-form.input.js';
import { RedFlagDecisionsService } from './red-flag-decisions.service.js';
import { RedFlagsService } from './red-flags.service.js';
import { FindingSeverity } from '../findings/finding.entity.js';

/** A flag decided meanwhile (another tab, a colleague) is said beside the decision. */
const DECISION_REFUSALS = { RED_FLAG_ALREADY_DECIDED: 'decision', RED_FLAG_NOT_TRIGGERED: 'decision' };

/**
 * The monitor's decision on a raised red flag (issue 12, item 3), and the indicators' thresholds
 * in force with the form that changes one (issue 12, item 4), through the same services as GraphQL.
 */
@ApiExcludeController()
@Controller('workspace/red-flags')
@WebPages()
export class RedFlagsPagesController {
  constructor(
    private readonly decisions: RedFlagDecisionsService,
    private readonly redFlags: RedFlagsService,
  ) {}

  // Before `:id`, which is a flag's uuid.
  @Allow('read', 'RedFlagSetting')
  @Get('thresholds')
  @Render('red-flags/thresholds')
  thresholds(@CurrentViewer() viewer: Viewer) {
    return this.thresholdsPage(viewer, emptyForm());
  }

  @Allow('update', 'RedFlagSetting')
  @WebForm({ once: true })
  @Post('thresholds')
  async changeThreshold(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    const changed = await processForm(ThresholdForm, body, { name: 'thresholds', t: page.t }, (form) =>
      this.redFlags.updateSetting(viewer, { code: form.code, threshold: form.threshold }),
    );
    if (changed.ok) return reply.redirect(`/workspace/red-flags/thresholds#${changed.done.code}`, 303);
    return reply.status(400).view('red-flags/thresholds.njk', await this.thresholdsPage(viewer, changed.form));
  }

  @Allow('decide', 'RedFlag')
  @Get(':id')
  @Render('monitor/red-flag')
  async flag(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return { ...(await this.decisions.toDecide(viewer, id)), severities: Object.values(FindingSeverity), form: emptyForm() };
  }

  @Allow('decide', 'RedFlag')
  @WebForm({ once: true })
  @Post(':id')
  async decide(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const decided = await processForm(RedFlagDecisionForm, body, { name: 'monitor.flag', t: page.t, refusals: DECISION_REFUSALS }, (form) =>
      form.decision === 'CONFIRM'
        ? this.decisions.confirm(viewer, { redFlagId: id, severity: form.severity!, note: form.reason })
        : this.decisions.dismiss(viewer, { redFlagId: id, reason: form.reason }),
    );
    if (decided.ok) return reply.redirect(`/workspace/red-flags/${id}`, 303);
    const found = await this.decisions.toDecide(viewer, id);
    return reply.status(400).view('monitor/red-flag.njk', { ...found, severities: Object.values(FindingSeverity), form: decided.form });
  }

  /** Settings are platform-wide: the rules let everyone signed in read them and only some change them, and the form shows to those. */
  private async thresholdsPage(viewer: Viewer, form: FormState) {
    const indicators = await this.redFlags.indicators();
    return { indicators, tunable: indicators.filter((i) => i.thresholdUnit), mayChange: viewer.ability.can('update', 'RedFlagSetting'), form };
  }
}
