import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentViewer } from '../../authorization/policy.decorator.js';
import type { Viewer } from '../../authorization/viewer.js';
import type { PageLocals } from '../../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../../web/web-forms.js';
import { WebPages } from '../../web/web-page.decorator.js';
import { ConvenerSettingsService } from './convener-settings.service.js';
import { ClassificationEntryForm, ComplaintDeadlineForm, ReferralRuleForm } from './inputs/referral-settings-forms.input.js';

const DONE = ['rule', 'removed', 'deadline', 'list'];
const LIST_REFUSALS = { CODE_TAKEN: 'code', COUNTY_NOT_FOUND: 'countyCode' };
const SETTINGS = '/workspace/convener/settings';

type Forms = { ruleForm?: FormState; deadlineForm?: FormState; listForm?: FormState };

/**
 * The convener's settings in the browser (issue 12, item 6): routing rules, deadlines, and the
 * sectors, types and areas complaints are classified by. The same services as
 * ReferralSettingsResolver; who may change what is the CASL rules' (checked again in the services).
 */
@ApiExcludeController()
@Controller('workspace/convener/settings')
@WebPages()
export class ReferralSettingsPagesController {
  constructor(private readonly settings: ConvenerSettingsService) {}

  @Allow('read', 'ReferralRule')
  @Get()
  @Render('convener/settings')
  show(@Query('done') done: unknown) {
    return this.settingsPage({}, typeof done === 'string' && DONE.includes(done) ? done : null);
  }

  @Allow('update', 'ReferralRule')
  @WebForm({ once: true })
  @Post('rules')
  async setRule(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    const set = await processForm(ReferralRuleForm, body, { name: 'convener.rule', t: page.t }, (input) => this.settings.setRule(viewer, input));
    if (set.ok) return reply.redirect(`${SETTINGS}?done=rule#rules`, 303);
    return reply.status(400).view('convener/settings.njk', await this.settingsPage({ ruleForm: set.form }));
  }

  @Allow('delete', 'ReferralRule')
  @WebForm({ once: true })
  @Post('rules/:id/remove')
  async removeRule(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    await this.settings.removeRule(viewer, id);
    return reply.redirect(`${SETTINGS}?done=removed#rules`, 303);
  }

  @Allow('update', 'ComplaintDeadline')
  @WebForm({ once: true })
  @Post('deadlines')
  async setDeadline(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    const set = await processForm(ComplaintDeadlineForm, body, { name: 'convener.deadline', t: page.t }, (input) => this.settings.setDeadline(viewer, input));
    if (set.ok) return reply.redirect(`${SETTINGS}?done=deadline#deadlines`, 303);
    return reply.status(400).view('convener/settings.njk', await this.settingsPage({ deadlineForm: set.form }));
  }

  /** One form for the three lists; the guard lets in whoever may add to one of them, the service checks the list chosen. */
  @Allow('create', 'ComplaintSector')
  @WebForm({ once: true })
  @Post('lists')
  async addToList(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    const added = await processForm(ClassificationEntryForm, body, { name: 'convener.list', t: page.t, refusals: LIST_REFUSALS }, (input) =>
      this.settings.addToList(viewer, input.list, input),
    );
    if (added.ok) return reply.redirect(`${SETTINGS}?done=list#lists`, 303);
    return reply.status(400).view('convener/settings.njk', await this.settingsPage({ listForm: added.form }));
  }

  private async settingsPage(forms: Forms, done: string | null = null) {
    return {
      ...(await this.settings.page()),
      ruleForm: forms.ruleForm ?? emptyForm(),
      deadlineForm: forms.deadlineForm ?? emptyForm(),
      listForm: forms.listForm ?? emptyForm({ list: 'sector' }),
      done,
    };
  }
}
