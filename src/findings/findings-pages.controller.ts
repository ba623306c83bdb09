import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ReceivedFile } from '../uploads/receive-file.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { paginationLinks } from '../web/pagination-links.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { attachment } from './evidence.controller.js';
import { EvidenceService } from './evidence.service.js';
import { FindingKind, FindingSeverity, FindingVisibility } from './finding.entity.js';
import { evidenceTooLarge } from './findings.errors.js';
import { FindingsService } from './findings.service.js';
import { FindingForm, FindingNoteForm, FindingsPageQuery, FindingStatusForm, RecordFindingForm } from './inputs/finding-form.input.js';

const PAGE_SIZE = 20;

/** Refusals of the evidence file, shown beside the file field: the checks EvidenceService makes of any evidence. */
const EVIDENCE_REFUSALS = { EVIDENCE_EMPTY: 'file', EVIDENCE_TOO_LARGE: 'file', EVIDENCE_TYPE_NOT_ALLOWED: 'file' };
const EDIT_REFUSALS = { FINDING_RESOLVED: 'title', FINDING_PUBLISHED: 'title' };
const STATUS_REFUSALS = { FINDING_STATUS_CHANGE_REFUSED: 'status' };

/**
 * The independent monitor's findings on the website (issue 12, item 3): a procurement's findings,
 * recording one with an evidence file (a plain multipart form, no JavaScript needed), editing it,
 * deciding its status, internal notes. The same services and CASL rules as GraphQL.
 */
@ApiExcludeController()
@Controller('workspace')
@WebPages()
export class FindingsPagesController {
  constructor(
    private readonly findings: FindingsService,
    private readonly evidence: EvidenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow('read', 'Finding')
  @Get('procurements/:procurementId/findings')
  @Render('monitor/findings')
  async list(
    @CurrentViewer() viewer: Viewer,
    @Param('procurementId', ParseUUIDPipe) procurementId: string,
    @Query() query: FindingsPageQuery,
    @Req() request: FastifyRequest,
  ) {
    const procurement = await this.findings.procurementToRecordOn(viewer, procurementId);
    const found = await this.findings.list(viewer, procurementId, {}, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    return { procurement, findings: found, pagination: paginationLinks(request.url, query.page, Math.ceil(found.totalCount / PAGE_SIZE)) };
  }

  @Allow('create', 'Finding')
  @Get('procurements/:procurementId/findings/new')
  @Render('monitor/record-finding')
  async recordForm(@CurrentViewer() viewer: Viewer, @Param('procurementId', ParseUUIDPipe) procurementId: string) {
    const procurement = await this.findings.procurementToRecordOn(viewer, procurementId);
    return { procurement, ...choices(), form: emptyForm({ visibility: FindingVisibility.CONFIDENTIAL }) };
  }

  @Allow('create', 'Finding')
  @WebForm({ once: true, maxFileBytes: (config) => config.evidenceMaxBytes, keepOversizedFile: true })
  @Post('procurements/:procurementId/findings/new')
  async record(
    @CurrentViewer() viewer: Viewer,
    @Param('procurementId', ParseUUIDPipe) procurementId: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const recorded = await processForm(RecordFindingForm, body, { name: 'monitor.finding', t: page.t, refusals: EVIDENCE_REFUSALS }, (form) =>
      this.evidence.recordWithEvidence(
        viewer,
        { procurementId, kind: form.kind, severity: form.severity, title: form.title, description: form.description, visibility: form.visibility },
        form.file && this.withinLimit(form.file),
      ),
    );
    if (recorded.ok) return reply.redirect(`/workspace/findings/${recorded.done.id}`, 303);
    const procurement = await this.findings.procurementToRecordOn(viewer, procurementId);
    return reply.status(400).view('monitor/record-finding.njk', { procurement, ...choices(), form: recorded.form });
  }

  @Allow('read', 'Finding')
  @Get('findings/:id')
  @Render('monitor/finding')
  async finding(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.findingPage(viewer, id, {});
  }

  @Allow('create', 'Finding')
  @Get('findings/:id/edit')
  @Render('monitor/edit-finding')
  async editForm(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const { finding, procurement } = await this.findings.findingRecord(viewer, id);
    const { title, description, severity, visibility } = finding;
    return { finding, procurement, ...choices(), form: emptyForm({ title, description, severity, visibility }) };
  }

  @Allow('create', 'Finding')
  @WebForm({ once: true })
  @Post('findings/:id/edit')
  async edit(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const edited = await processForm(FindingForm, body, { name: 'monitor.finding', t: page.t, refusals: EDIT_REFUSALS }, (form) =>
      this.findings.update(viewer, { findingId: id, title: form.title, description: form.description, severity: form.severity, visibility: form.visibility }),
    );
    if (edited.ok) return reply.redirect(`/workspace/findings/${id}`, 303);
    const { finding, procurement } = await this.findings.findingRecord(viewer, id);
    return reply.status(400).view('monitor/edit-finding.njk', { finding, procurement, ...choices(), form: edited.form });
  }

  @Allow('update', 'Finding')
  @WebForm({ once: true })
  @Post('findings/:id/status')
  async setStatus(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const set = await processForm(FindingStatusForm, body, { name: 'monitor.status', t: page.t, refusals: STATUS_REFUSALS }, (form) =>
      this.findings.setStatus(viewer, { findingId: id, status: form.status, note: form.note }),
    );
    if (set.ok) return reply.redirect(`/workspace/findings/${id}`, 303);
    return reply.status(400).view('monitor/finding.njk', await this.findingPage(viewer, id, { statusForm: set.form }));
  }

  @Allow('create', 'FindingNote')
  @WebForm({ once: true })
  @Post('findings/:id/notes')
  async addNote(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const added = await processForm(FindingNoteForm, body, { name: 'monitor.note', t: page.t }, (form) =>
      this.findings.addNote(viewer, { findingId: id, body: form.body }),
    );
    if (added.ok) return reply.redirect(`/workspace/findings/${id}#notes`, 303);
    return reply.status(400).view('monitor/finding.njk', await this.findingPage(viewer, id, { noteForm: added.form }));
  }

  /** The evidence file, for a signed-in reader of its finding (the API's download takes a bearer token). */
  @Allow('read', 'Finding')
  @Get('findings/evidence/:evidenceId')
  async download(@CurrentViewer() viewer: Viewer, @Param('evidenceId', ParseUUIDPipe) evidenceId: string, @Res() reply: FastifyReply) {
    const file = await this.evidence.download(viewer, evidenceId);
    await reply
      .header('content-type', file.contentType)
      .header('content-disposition', attachment(file.fileName))
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  }

  private async findingPage(viewer: Viewer, id: string, forms: { statusForm?: FormState; noteForm?: FormState }) {
    const record = await this.findings.findingRecord(viewer, id);
    return { ...record, statusForm: forms.statusForm ?? emptyForm(), noteForm: forms.noteForm ?? emptyForm() };
  }

  /** A file cut at the limit is refused as the API refuses it, beside the file field. */
  private withinLimit(file: ReceivedFile): () => Promise<ReceivedFile> {
    return async () => {
      if (file.truncated) throw evidenceTooLarge(this.config.evidenceMaxBytes);
      return file;
    };
  }
}

/** The values the form's radios offer, in the order shown. */
function choices() {
  return { kinds: Object.values(FindingKind), severities: Object.values(FindingSeverity), visibilities: Object.values(FindingVisibility) };
}
