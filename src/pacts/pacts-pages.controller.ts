import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { CommentForm, CompareQuery, EditClauseForm, PublishDraftForm, StartDraftForm } from './inputs/pact-forms.input.js';
import { PactsService } from './pacts.service.js';

/** Refusals a person can act on from the pact page, shown beside the part of the form concerned. */
const PACT_REFUSALS = { PACT_DRAFT_EXISTS: 'template', PACT_ALREADY_PUBLISHED: 'template', PACT_DRAFT_PUBLISHED: 'draftId', UNKNOWN_CLAUSE: 'clauseKey' };

/**
 * The authority's pact pages (issue 12, item 1): start the pact from a template in a language,
 * edit its clauses, read and answer comments, compare two texts clause by clause, publish,
 * amend. The services decide who may; these handlers only read forms and render.
 */
@ApiExcludeController()
@Controller('workspace/procurements/:id/pact')
@WebPages()
export class PactsPagesController {
  constructor(private readonly pacts: PactsService) {}

  @Allow('read', 'PactDraft')
  @Get()
  @Render('workspace/authority/pact')
  async page(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query('about') about?: string) {
    return this.view(viewer, id, emptyForm({ clauseKey: about, template: 'standard:en' }));
  }

  @Allow('create', 'PactDraft')
  @WebForm({ once: true })
  @Post('start')
  async start(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const started = await processForm(StartDraftForm, body, this.handling(page), (input) => {
      const [templateKey, language] = input.template.split(':');
      return this.pacts.createDraft(viewer, { procurementId: id, templateKey, language });
    });
    return this.after(viewer, id, started, reply);
  }

  @Allow('create', 'PactDraft')
  @WebForm({ once: true })
  @Post('amend')
  async amend(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    await this.pacts.amend(viewer, id);
    return reply.redirect(`/workspace/procurements/${id}/pact`, 303);
  }

  @Allow('create', 'DraftComment')
  @WebForm({ once: true })
  @Post('comments')
  async comment(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const commented = await processForm(CommentForm, body, this.handling(page), (input) =>
      this.pacts.comment(viewer, { draftId: input.draftId, clauseKey: input.clauseKey, body: input.body }),
    );
    return this.after(viewer, id, commented, reply, '#comments');
  }

  @Allow('publish', 'PactDraft')
  @WebForm({ once: true })
  @Post('publish')
  async publish(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const published = await processForm(PublishDraftForm, body, this.handling(page), (input) => this.pacts.publish(viewer, input.draftId));
    return this.after(viewer, id, published, reply, '#versions');
  }

  @Allow('update', 'PactDraft')
  @Get('clauses/:key')
  @Render('workspace/authority/clause')
  async clause(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string) {
    const { procurement, draft } = await this.pacts.workbench(viewer, id);
    const clause = draft?.clauses.find((c) => c.key === key);
    return { procurement, clause, form: emptyForm({ draftId: draft?.id, heading: clause?.heading, body: clause?.body }) };
  }

  @Allow('update', 'PactDraft')
  @WebForm({ once: true })
  @Post('clauses/:key')
  async editClause(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const edited = await processForm(EditClauseForm, body, { name: 'authority.clause', t: page.t, refusals: { PACT_DRAFT_PUBLISHED: 'body' } }, (input) =>
      this.pacts.editClause(viewer, input.draftId, key, input),
    );
    if (edited.ok) return reply.redirect(`/workspace/procurements/${id}/pact#clause-${key}`, 303);
    const { procurement, draft } = await this.pacts.workbench(viewer, id);
    return reply.status(400).view('workspace/authority/clause.njk', { procurement, clause: draft?.clauses.find((c) => c.key === key), form: edited.form });
  }

  @Allow('read', 'PactDraft')
  @Get('compare')
  @Render('workspace/authority/compare')
  async compare(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() query: CompareQuery) {
    const { procurement, may } = await this.pacts.workbench(viewer, id);
    return { procurement, may, ...(await this.pacts.compare(viewer, id, query.from, query.to)) };
  }

  private handling(page: PageLocals) {
    return { name: 'authority.pact', t: page.t, refusals: PACT_REFUSALS };
  }

  /** After a form: back to the pact page (POST/redirect/GET), or the page again with the form's errors. */
  private async after(viewer: Viewer, id: string, result: { ok: true } | { ok: false; form: FormState }, reply: FastifyReply, anchor = '') {
    if (result.ok) return reply.redirect(`/workspace/procurements/${id}/pact${anchor}`, 303);
    return reply.status(400).view('workspace/authority/pact.njk', await this.view(viewer, id, result.form));
  }

  private async view(viewer: Viewer, id: string, form: FormState) {
    return { ...(await this.pacts.workbench(viewer, id)), form };
  }
}
